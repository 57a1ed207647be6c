// What one member's cluster holds, read with as few requests as possible: discovery, the
// inventory ConfigMap, then one label-selected LIST per kind (and namespace) in use.
import { KubeApiError, typeKey, type KubeClient, type KubeObject, type ResourceType } from '../adapters/kube.ts';
import { emptyInventory, parseInventory } from './inventory.ts';
import { inventoryName, memberSelector } from './ownership.ts';
import type { Inventory, ObjectRef } from './types.ts';

export interface ClusterState {
  readonly live: readonly KubeObject[];
  readonly inventory: Inventory;
  readonly resolveType: (ref: ObjectRef) => ResourceType | undefined;
  /** Set when the view is incomplete and prune must be refused. */
  readonly incompleteView?: string;
}

const configMapType: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true };

export async function readClusterState(
  kube: KubeClient,
  input: { readonly member: string; readonly namespace: string; readonly desired: readonly KubeObject[] },
): Promise<ClusterState> {
  const [discovery, inventoryObject] = await Promise.all([
    kube.discover(),
    kube.get({ type: configMapType, namespace: input.namespace, name: inventoryName }),
  ]);
  const inventory =
    inventoryObject === undefined ? emptyInventory(input.member) : parseInventory(inventoryObject, input.member);
  const types = new Map(discovery.types);
  // Custom resources of a CRD we are about to create are not served yet: take their resource
  // name and scope from the CRD itself.
  const pending = new Set<string>();
  for (const crd of input.desired.filter((o) => o.kind === 'CustomResourceDefinition')) {
    const spec = crd['spec'] as
      | { group?: string; names?: { plural?: string; kind?: string }; scope?: string; versions?: { name?: string }[] }
      | undefined;
    for (const v of spec?.versions ?? []) {
      const apiVersion = `${spec?.group ?? ''}/${v.name ?? ''}`;
      const kind = spec?.names?.kind ?? '';
      const key = typeKey(apiVersion, kind);
      if (!types.has(key) && spec?.names?.plural !== undefined) {
        types.set(key, { apiVersion, kind, resource: spec.names.plural, namespaced: spec.scope !== 'Cluster' });
        pending.add(key);
      }
    }
  }
  const resolveType = (ref: ObjectRef): ResourceType | undefined => types.get(typeKey(ref.apiVersion, ref.kind));

  const problems: string[] = [];
  const scopes = new Map<string, { type: ResourceType; namespaces: Set<string | undefined> }>();
  const addScope = (ref: ObjectRef, fromInventory: boolean): void => {
    const type = resolveType(ref);
    if (type === undefined) {
      if (fromInventory) problems.push(`${ref.apiVersion} ${ref.kind} is no longer served`);
      return;
    }
    const key = typeKey(type.apiVersion, type.kind);
    const scope = scopes.get(key) ?? { type, namespaces: new Set() };
    scope.namespaces.add(type.namespaced ? ref.namespace : undefined);
    scopes.set(key, scope);
  };
  for (const o of input.desired)
    addScope(
      {
        apiVersion: o.apiVersion,
        kind: o.kind,
        name: o.metadata.name,
        ...(o.metadata.namespace === undefined ? {} : { namespace: o.metadata.namespace }),
      },
      false,
    );
  for (const e of inventory.entries) addScope(e, true);

  const groupsInUse = new Set([...scopes.values()].map((s) => s.type.apiVersion));
  for (const failed of discovery.failedGroups)
    if (groupsInUse.has(failed)) problems.push(`discovery failed for ${failed}`);

  const selector = memberSelector(input.member);
  const lists = [...scopes.entries()].flatMap(([key, scope]) =>
    [...scope.namespaces].map(async (namespace) => {
      try {
        return await kube.list({
          type: scope.type,
          ...(namespace === undefined ? {} : { namespace }),
          labelSelector: selector,
        });
      } catch (error) {
        if (pending.has(key) && error instanceof KubeApiError && error.status === 404) return [];
        throw error;
      }
    }),
  );
  const live = (await Promise.all(lists)).flat();
  return { live, inventory, resolveType, ...(problems.length === 0 ? {} : { incompleteView: problems.join('; ') }) };
}
