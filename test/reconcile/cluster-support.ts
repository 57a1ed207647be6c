// Helpers for reconcile suites against the test clusters: a client per cluster, a member's
// desired objects, and out-of-band writes under other field managers.
import { randomBytes } from 'node:crypto';
import { afterAll } from 'vitest';
import type { KubeClient, KubeObject } from '../../tools/src/adapters/kube.ts';
import { createHttpKubeClient } from '../../tools/src/adapters/kube/http-kube-client.ts';
import { kubeconfigConnection } from '../support/kube-connection.ts';
import { reconcileMember, type MemberOptions, type MemberResult } from '../../tools/src/reconcile/reconcile-member.ts';
import type { TestCluster } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';

export type TestClient = KubeClient & { close(): void };

type Retry = { attempts: number; baseDelayMs: number; maxDelayMs: number };

export async function connect(cluster: TestCluster, retry?: Retry): Promise<TestClient> {
  const connection = await kubeconfigConnection(cluster.kubeconfig);
  return createHttpKubeClient(connection, retry === undefined ? {} : { retry });
}

/**
 * For a suite on one test cluster: clients closed and namespaces (and whatever else a test
 * registers) deleted after all its tests, in the order they were made.
 */
export function useTestCluster(cluster: () => TestCluster) {
  const clients: TestClient[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    for (const clean of cleanups) await clean();
  });
  return {
    client: async (options: { cluster?: TestCluster; retry?: Retry } = {}): Promise<TestClient> => {
      const c = await connect(options.cluster ?? cluster(), options.retry);
      clients.push(c);
      return c;
    },
    namespace: (prefix: string): string => {
      const ns = uniqueName(prefix);
      cleanups.push(() => deleteNamespace(cluster(), ns));
      return ns;
    },
    afterAll: (clean: () => Promise<unknown>): void => {
      cleanups.push(clean);
    },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

/** A member's rendered objects: the kinds a Fabric member runs, small. */
export function memberObjects(
  namespace: string,
  options: { chaincode?: boolean; configMaps?: number } = {},
): KubeObject[] {
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'peer0', namespace } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'peer0', namespace },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'peer0', namespace },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'peer0' },
      subjects: [{ kind: 'ServiceAccount', name: 'peer0', namespace }],
    },
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'peer0-config', namespace, labels: { app: 'peer0' } },
      data: { 'core.yaml': 'peer:\n  id: peer0\n', logLevel: 'info' },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'peer0-tls', namespace },
      type: 'Opaque',
      data: { 'tls.crt': Buffer.from('not a real certificate').toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'peer0', namespace },
      spec: { selector: { app: 'peer0' }, ports: [{ name: 'grpc', port: 7051, targetPort: 7051 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'peer0', namespace },
      spec: {
        serviceName: 'peer0',
        replicas: 1,
        selector: { matchLabels: { app: 'peer0' } },
        template: {
          metadata: { labels: { app: 'peer0' } },
          spec: {
            containers: [
              { name: 'peer', image: 'hyperledger/fabric-peer:3.1.1', ports: [{ containerPort: 7051, name: 'grpc' }] },
            ],
          },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'ledger' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'ca-data', namespace },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  ];
  if (options.chaincode !== false) {
    objects.push(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'cc-basic', namespace, labels: { 'fabric.consortium/chaincode': 'basic' } },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'cc-basic' } },
          template: {
            metadata: { labels: { app: 'cc-basic' } },
            spec: { containers: [{ name: 'chaincode', image: 'example/basic:1.0' }] },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'cc-basic', namespace, labels: { 'fabric.consortium/chaincode': 'basic' } },
        spec: { selector: { app: 'cc-basic' }, ports: [{ port: 9999 }] },
      },
    );
  }
  for (let i = 0; i < (options.configMaps ?? 0); i++) {
    objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `extra-${String(i).padStart(4, '0')}`, namespace },
      data: { index: String(i) },
    });
  }
  return objects;
}

export function run(
  kube: KubeClient,
  namespace: string,
  desired: readonly KubeObject[],
  options: Partial<MemberOptions> = {},
): Promise<MemberResult> {
  return reconcileMember(
    { member: 'acme', owner: 'demo/acme', namespace, desired, kube },
    { mode: 'apply', now: () => new Date(), holder: 'test', ...options },
  );
}

export async function getJson(
  cluster: TestCluster,
  path: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await requestKube(cluster, { path });
  return {
    status: response.status,
    body: response.body === '' ? {} : (JSON.parse(response.body) as Record<string, unknown>),
  };
}

/** `kubectl edit`-style write: a merge patch (an Update operation) under another field manager. */
export async function editOutOfBand(
  cluster: TestCluster,
  path: string,
  patch: unknown,
  manager = 'kubectl-edit',
): Promise<void> {
  const response = await requestKube(cluster, {
    method: 'PATCH',
    path: `${path}?fieldManager=${manager}`,
    body: JSON.stringify(patch),
    contentType: 'application/merge-patch+json',
  });
  if (response.status >= 300) throw new Error(`patch ${path}: ${response.status} ${response.body}`);
}

export async function deleteNamespace(cluster: TestCluster, namespace: string): Promise<void> {
  await requestKube(cluster, { method: 'DELETE', path: `/api/v1/namespaces/${namespace}` });
}
