import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  findCluster,
  injectClusters,
  requireClusters,
  restartApiServer,
  startApiServer,
  stopApiServer,
} from './clusters.ts';
import type { TestCluster } from './clusters.ts';
import { requestKube } from './kube-request.ts';
import { waitFor } from './wait.ts';

const run = promisify(execFile);
const clusters = injectClusters();
const suffix = randomBytes(3).toString('hex');

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', args, { timeout: 30_000 });
  return stdout;
}

async function applyConfigMap(
  cluster: TestCluster,
  name: string,
  data: Record<string, string>,
): Promise<{ status: number; body: string }> {
  // YAML body on purpose: server-side apply accepts YAML or JSON under this content type.
  const lines = Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  const body = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: ${name}`,
    '  namespace: default',
    'data:',
    ...lines,
    '',
  ].join('\n');
  return requestKube(cluster, {
    method: 'PATCH',
    path: `/api/v1/namespaces/default/configmaps/${name}?fieldManager=consortium-smoke`,
    body,
    contentType: 'application/apply-patch+yaml',
  });
}

async function waitUntilGone(cluster: TestCluster, path: string, what: string): Promise<void> {
  await waitFor({
    what,
    timeoutMs: 60_000,
    intervalMs: 500,
    check: async () => (await requestKube(cluster, { path })).status === 404,
  });
}

describe.skipIf(!clusters.available)('three test clusters', () => {
  const cluster = (name: string) => findCluster(requireClusters(), name);

  it.each(['a', 'b', 'c'])('kubectl lists the namespaces of cluster %s', async (name) => {
    const out = await kubectl('--kubeconfig', cluster(name).kubeconfig, 'get', 'namespaces', '-o', 'name');
    expect(out.split('\n')).toEqual(expect.arrayContaining(['namespace/default', 'namespace/kube-system']));
  });

  it('the merged kubeconfig has one context per cluster, each reaching its own server', async () => {
    const env = requireClusters();
    const contexts = (await kubectl('--kubeconfig', env.kubeconfigMerged, 'config', 'get-contexts', '-o', 'name'))
      .trim()
      .split('\n');
    expect(contexts.sort()).toEqual(['a', 'b', 'c']);
    const server = await kubectl(
      '--kubeconfig',
      env.kubeconfigMerged,
      '--context',
      'b',
      'config',
      'view',
      '--minify',
      '-o',
      'jsonpath={.clusters[0].cluster.server}',
    );
    expect(server).toBe(cluster('b').server);
    await kubectl('--kubeconfig', env.kubeconfigMerged, '--context', 'b', 'get', 'namespace', 'default');
  });

  it('every API server reports the pinned Kubernetes version', async () => {
    const env = requireClusters();
    for (const c of env.clusters) {
      const response = await requestKube(c, { path: '/version' });
      expect(response.status).toBe(200);
      expect((JSON.parse(response.body) as { gitVersion: string }).gitVersion).toBe(env.kubeVersion);
    }
  });

  it('an object created in cluster a is invisible in cluster b', async () => {
    const name = `only-in-a-${suffix}`;
    const created = await applyConfigMap(cluster('a'), name, { where: 'a' });
    expect(created.status).toBe(201);
    expect((await requestKube(cluster('a'), { path: `/api/v1/namespaces/default/configmaps/${name}` })).status).toBe(
      200,
    );
    expect((await requestKube(cluster('b'), { path: `/api/v1/namespaces/default/configmaps/${name}` })).status).toBe(
      404,
    );
    expect((await requestKube(cluster('c'), { path: `/api/v1/namespaces/default/configmaps/${name}` })).status).toBe(
      404,
    );
  });

  it('server-side apply with a field manager creates, then updates an object', async () => {
    const name = `applied-${suffix}`;
    const created = await applyConfigMap(cluster('b'), name, { colour: 'blue' });
    expect(created.status).toBe(201);
    const updated = await applyConfigMap(cluster('b'), name, { colour: 'green', size: 'large' });
    expect(updated.status).toBe(200);
    const object = JSON.parse(updated.body) as {
      data: Record<string, string>;
      metadata: { managedFields: { manager: string; operation: string }[] };
    };
    expect(object.data).toEqual({ colour: 'green', size: 'large' });
    expect(object.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'consortium-smoke', operation: 'Apply' }),
    ]);
  });

  it('a deleted namespace goes away (namespace controller at work)', async () => {
    const c = cluster('a');
    const ns = `smoke-delete-${suffix}`;
    const create = await requestKube(c, {
      method: 'POST',
      path: '/api/v1/namespaces',
      body: JSON.stringify({ metadata: { name: ns } }),
    });
    expect(create.status).toBe(201);
    const cm = await requestKube(c, {
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      body: JSON.stringify({ metadata: { name: 'content' }, data: { k: 'v' } }),
    });
    expect(cm.status).toBe(201);
    expect((await requestKube(c, { method: 'DELETE', path: `/api/v1/namespaces/${ns}` })).status).toBe(200);
    await waitUntilGone(c, `/api/v1/namespaces/${ns}`, `namespace ${ns} to be deleted`);
  });

  it('a dependent object is garbage-collected when its owner is deleted', async () => {
    const c = cluster('c');
    const owner = await requestKube(c, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: JSON.stringify({ metadata: { name: `owner-${suffix}` } }),
    });
    expect(owner.status).toBe(201);
    const uid = (JSON.parse(owner.body) as { metadata: { uid: string } }).metadata.uid;
    const dependent = await requestKube(c, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body: JSON.stringify({
        metadata: {
          name: `dependent-${suffix}`,
          ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: `owner-${suffix}`, uid }],
        },
      }),
    });
    expect(dependent.status).toBe(201);
    expect(
      (await requestKube(c, { method: 'DELETE', path: `/api/v1/namespaces/default/configmaps/owner-${suffix}` }))
        .status,
    ).toBe(200);
    await waitUntilGone(
      c,
      `/api/v1/namespaces/default/configmaps/dependent-${suffix}`,
      'dependent ConfigMap to be collected',
    );
  });

  it('an API server can be stopped and started again mid-test, keeping its data and address', async () => {
    const env = requireClusters();
    const c = cluster('c');
    const name = `survives-restart-${suffix}`;
    expect((await applyConfigMap(c, name, { k: 'v' })).status).toBe(201);

    await stopApiServer(env, 'c');
    await expect(requestKube(c, { path: '/readyz', timeoutMs: 2_000 })).rejects.toThrow(/ECONNREFUSED/);
    // The other clusters are unaffected.
    expect((await requestKube(cluster('a'), { path: '/readyz' })).status).toBe(200);

    await startApiServer(env, 'c');
    expect((await requestKube(c, { path: `/api/v1/namespaces/default/configmaps/${name}` })).status).toBe(200);

    await restartApiServer(env, 'c');
    const out = await kubectl('--kubeconfig', c.kubeconfig, 'get', 'configmap', name, '-o', 'name');
    expect(out.trim()).toBe(`configmap/${name}`);
  }, 300_000);
});
