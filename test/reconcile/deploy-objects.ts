// deploy/in-cluster's objects with their namespaces and cluster-wide names made unique for one
// test run: `consortium-gitops` becomes `system`, the member namespace `fabric-acme` becomes
// `member` (in namespaces, subjects and resourceNames), and the ClusterRole(Binding) `clusterRole`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubeObject } from '../../tools/src/adapters/kube.ts';
import { objectsFromRenderedFiles } from '../../tools/src/reconcile/desired.ts';

const deployDir = join(import.meta.dirname, '..', '..', 'deploy', 'in-cluster');

export function deployObjects(system: string, member: string, clusterRole: string): KubeObject[] {
  const files = readdirSync(deployDir).map((path) => ({ path, content: readFileSync(join(deployDir, path), 'utf8') }));
  const rename = (ns: string | undefined) => (ns === 'consortium-gitops' ? system : ns === 'fabric-acme' ? member : ns);
  return objectsFromRenderedFiles(files).map((o): KubeObject => {
    const namespace = rename(o.metadata.namespace);
    const name =
      o.kind === 'Namespace'
        ? (rename(o.metadata.name) ?? o.metadata.name)
        : o.kind.startsWith('ClusterRole')
          ? clusterRole
          : o.metadata.name;
    const subjects = (o['subjects'] as { namespace?: string }[] | undefined)?.map((s) => ({
      ...s,
      namespace: rename(s.namespace),
    }));
    const rules = (o['rules'] as { resourceNames?: string[] }[] | undefined)?.map((r) =>
      r.resourceNames === undefined ? r : { ...r, resourceNames: r.resourceNames.map((n) => rename(n) ?? n) },
    );
    const roleRef = o.kind === 'ClusterRoleBinding' ? { ...(o['roleRef'] as object), name: clusterRole } : o['roleRef'];
    return {
      ...o,
      metadata: { ...o.metadata, name, ...(namespace === undefined ? {} : { namespace }) },
      ...(subjects === undefined ? {} : { subjects }),
      ...(rules === undefined ? {} : { rules }),
      ...(roleRef === undefined ? {} : { roleRef }),
    };
  });
}
