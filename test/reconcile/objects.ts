// Small object builders for reconcile unit tests.
import type { KubeObject, ManagedFieldsEntry } from '../../tools/src/adapters/kube.ts';

export function configMap(name: string, data: Record<string, string>, namespace = 'acme'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

export function namespaceObject(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

/** What the API server would hold after our apply of `stamped`, with the given managedFields. */
export function liveOf(
  stamped: KubeObject,
  options: { uid?: string; managedFields?: ManagedFieldsEntry[] } = {},
): KubeObject {
  return {
    ...stamped,
    metadata: {
      ...stamped.metadata,
      uid: options.uid ?? `uid-${stamped.metadata.name}`,
      resourceVersion: '7',
      managedFields: options.managedFields ?? [],
    },
  };
}

/** A fieldsV1 tree for the given paths (["f:data", "f:x"] style segments). */
export function fieldsV1(...paths: string[][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const path of paths) {
    let node = root;
    for (const key of path) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return root;
}
