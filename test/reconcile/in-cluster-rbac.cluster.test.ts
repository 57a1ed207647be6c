// The in-cluster reconciler's rights on a real API server: with nothing but the token of its
// ServiceAccount (deploy/in-cluster as a member applies it), `consortium reconcile` applies every
// rendered object of an example member, and the same identity can neither read a Secret nor
// grant itself anything.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runReconcileCommand } from '../../tools/src/commands/reconcile.ts';
import { findCluster, injectClusters, requireClusters, type TestCluster } from '../cluster/clusters.ts';
import { installGatewayApiCrds } from '../cluster/gateway-api-crds.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { connect, deleteNamespace, run, uniqueName } from './cluster-support.ts';
import { kubeconfigCredentials } from '../support/kube-connection.ts';
import { deployObjects } from './deploy-objects.ts';

const clusters = injectClusters();
const repoRoot = join(import.meta.dirname, '..', '..');
const serviceAccount = 'consortium-reconcile';

/** HTTPS as the ServiceAccount: its bearer token, no client certificate. */
function asReconciler(
  cluster: TestCluster,
  token: string,
  options: { method?: string; path: string; body?: unknown },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(options.path, cluster.server);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: readFileSync(cluster.caFile),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') as Record<string, unknown> }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe.skipIf(!clusters.available)("the in-cluster reconciler's ServiceAccount", () => {
  const cluster = () => findCluster(requireClusters(), 'c');
  const system = uniqueName('cg-system');
  const member = uniqueName('fabric-acme');
  const clusterRole = uniqueName('consortium-reconcile');
  const work = mkdtempSync(join(tmpdir(), 'in-cluster-rbac-'));
  const repo = join(work, 'repo');
  for (const dir of ['consortium', 'orgs', 'channels', 'chaincode'])
    cpSync(join(repoRoot, dir), join(repo, dir), { recursive: true });
  // The manufacturer (org of deploy/in-cluster) in a namespace of its own for this run.
  const orgFile = join(repo, 'orgs', 'manufacturer', 'org.yaml');
  writeFileSync(orgFile, readFileSync(orgFile, 'utf8').replace('namespace: fabric-acme', `namespace: ${member}`));
  let token = '';

  // The member's manifests include a Gateway and TLSRoutes: cluster c serves them whichever suite
  // runs first.
  beforeAll(async () => {
    await installGatewayApiCrds(cluster());
  });

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    if (!clusters.available) return;
    for (const ns of [system, member]) await deleteNamespace(cluster(), ns);
    for (const kind of ['clusterrolebindings', 'clusterroles'])
      await requestKube(cluster(), {
        method: 'DELETE',
        path: `/apis/rbac.authorization.k8s.io/v1/${kind}/${clusterRole}`,
      });
  });

  it('is set up by applying deploy/in-cluster, and gets a token from the API server', async () => {
    const admin = await connect(cluster());
    try {
      const result = await run(admin, system, deployObjects(system, member, clusterRole));
      expect(result.status, result.error).toBe('applied');
    } finally {
      admin.close();
    }
    const issued = await requestKube(cluster(), {
      method: 'POST',
      path: `/api/v1/namespaces/${system}/serviceaccounts/${serviceAccount}/token`,
      body: JSON.stringify({
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      }),
    });
    expect(issued.status, issued.body).toBe(201);
    token = (JSON.parse(issued.body) as { status: { token: string } }).status.token;
    expect(token.split('.')).toHaveLength(3);
  });

  it('reconciles every rendered object of the member with that token alone, twice', async () => {
    const kubeconfig = join(work, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: cluster().server, 'certificate-authority': cluster().caFile } }],
        users: [{ name: 'reconciler', user: { token } }],
        contexts: [{ name: 'acme-prod-eu-central-1', context: { cluster: 'c', user: 'reconciler' } }],
      }),
      { mode: 0o600 },
    );
    const options = {
      repo,
      org: 'manufacturer',
      mode: 'apply' as const,
      credentials: () => Promise.resolve(kubeconfigCredentials(kubeconfig)),
      now: () => new Date(),
      holder: 'in-cluster-rbac-test',
    };
    const first = await runReconcileCommand(options);
    expect(first.results.map((r) => [r.member, r.status, r.error])).toEqual([['manufacturer', 'applied', undefined]]);
    const outcomes = first.results[0]?.report?.results.map((r) => r.outcome) ?? [];
    expect(outcomes.length).toBeGreaterThan(40);
    expect(outcomes.filter((o) => o !== 'applied')).toEqual([]);
    const second = await runReconcileCommand(options);
    expect(second.results.map((r) => [r.member, r.status])).toEqual([['manufacturer', 'in-sync']]);
  });

  it('cannot read a Secret of the member namespace, list Secrets, or read one elsewhere', async () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'peer0-manufacturer-msp' },
      stringData: { 'key.pem': 'x' },
    };
    const created = await requestKube(cluster(), {
      method: 'POST',
      path: `/api/v1/namespaces/${member}/secrets`,
      body: JSON.stringify(secret),
    });
    expect(created.status, created.body).toBe(201);
    for (const path of [
      `/api/v1/namespaces/${member}/secrets/peer0-manufacturer-msp`,
      `/api/v1/namespaces/${member}/secrets`,
      `/api/v1/namespaces/${system}/secrets`,
      '/api/v1/secrets',
    ]) {
      const response = await asReconciler(cluster(), token, { path });
      expect([path, response.status]).toEqual([path, 403]);
    }
  });

  it('cannot grant itself more: no RBAC objects, no escalate or bind, no other namespace', async () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'read-secrets' },
      rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
    };
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'reconciler-admin' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount, namespace: system }],
    };
    const attempts = [
      { path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${member}/roles`, body: role },
      { path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${member}/rolebindings`, body: binding },
      {
        path: `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings`,
        body: { ...binding, kind: 'ClusterRoleBinding' },
      },
      {
        path: `/api/v1/namespaces/${member}/serviceaccounts`,
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'x' } },
      },
      {
        path: `/api/v1/namespaces/${system}/configmaps`,
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      },
      {
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: uniqueName('other') } },
      },
    ];
    for (const attempt of attempts) {
      const response = await asReconciler(cluster(), token, { method: 'POST', ...attempt });
      expect([attempt.path, response.status]).toEqual([attempt.path, 403]);
    }
    for (const [verb, resource] of [
      ['escalate', 'roles'],
      ['bind', 'roles'],
      ['escalate', 'clusterroles'],
      ['bind', 'clusterroles'],
      ['impersonate', 'serviceaccounts'],
    ] as const) {
      const review = await asReconciler(cluster(), token, {
        method: 'POST',
        path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: {
            resourceAttributes: {
              verb,
              resource,
              group: resource === 'serviceaccounts' ? '' : 'rbac.authorization.k8s.io',
              namespace: member,
            },
          },
        },
      });
      expect([verb, resource, review.status, (review.body['status'] as { allowed?: boolean }).allowed]).toEqual([
        verb,
        resource,
        201,
        false,
      ]);
    }
  });
});
