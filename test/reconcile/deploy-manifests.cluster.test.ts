import { afterAll, describe, expect, it } from 'vitest';
import { findCluster, injectClusters, requireClusters } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { connect, deleteNamespace, run, uniqueName, type TestClient } from './cluster-support.ts';
import { deployObjects } from './deploy-objects.ts';

const clusters = injectClusters();
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
