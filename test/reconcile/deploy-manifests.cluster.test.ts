import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../tools/src/adapters/kube.ts';
import { objectsFromRenderedFiles } from '../../tools/src/reconcile/desired.ts';
import { findCluster, injectClusters, requireClusters } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { connect, deleteNamespace, run, uniqueName, type TestClient } from './cluster-support.ts';

const clusters = injectClusters();
const deployDir = join(import.meta.dirname, '..', '..', 'deploy', 'in-cluster');

/** The in-cluster manifests with their namespaces and cluster-wide names made unique for this run. */
function deployObjects(system: string, member: string, clusterRole: string): KubeObject[] {
  const files = readdirSync(deployDir).map((path) => ({ path, content: readFileSync(join(deployDir, path), 'utf8') }));
  const rename = (ns: string | undefined) => (ns === 'consortium-gitops' ? system : ns === 'fabric-acme' ? member : ns);
  return objectsFromRenderedFiles(files).map((o): KubeObject => {
    const namespace = rename(o.metadata.namespace);
    const name = o.kind === 'Namespace' ? system : o.kind.startsWith('ClusterRole') ? clusterRole : o.metadata.name;
    const subjects = (o['subjects'] as { namespace?: string }[] | undefined)?.map((s) => ({
      ...s,
      namespace: rename(s.namespace),
    }));
    const roleRef = o.kind === 'ClusterRoleBinding' ? { ...(o['roleRef'] as object), name: clusterRole } : o['roleRef'];
    return {
      ...o,
      metadata: { ...o.metadata, name, ...(namespace === undefined ? {} : { namespace }) },
      ...(subjects === undefined ? {} : { subjects }),
      ...(roleRef === undefined ? {} : { roleRef }),
    };
  });
}

describe.skipIf(!clusters.available)('deploy/in-cluster manifests', () => {
  const cluster = () => findCluster(requireClusters(), 'c');
  const system = uniqueName('cg-system');
  const member = uniqueName('cg-member');
  const clusterRole = uniqueName('consortium-reconcile');
  let kube: TestClient | undefined;
  afterAll(async () => {
    kube?.close();
    if (!clusters.available) return;
    for (const ns of [system, member]) await deleteNamespace(cluster(), ns);
    await requestKube(cluster(), {
      method: 'DELETE',
      path: `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${clusterRole}`,
    });
    await requestKube(cluster(), {
      method: 'DELETE',
      path: `/apis/rbac.authorization.k8s.io/v1/clusterroles/${clusterRole}`,
    });
  });

  it('are accepted by the API server (CronJob, ServiceAccount and RBAC across two namespaces)', async () => {
    kube = await connect(cluster());
    const created = await requestKube(cluster(), {
      method: 'POST',
      path: '/api/v1/namespaces',
      body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: member } }),
    });
    expect(created.status).toBe(201);
    const desired = deployObjects(system, member, clusterRole);
    expect(desired.map((o) => o.kind).sort()).toEqual([
      'ClusterRole',
      'ClusterRoleBinding',
      'CronJob',
      'Namespace',
      'Role',
      'RoleBinding',
      'ServiceAccount',
    ]);
    const result = await run(kube, system, desired);
    expect(result.status, result.error).toBe('applied');
    expect((await run(kube, system, desired)).status).toBe('in-sync');
  });
});
