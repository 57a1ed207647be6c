// Small helpers for node suites: a namespace of one's own, pods that run testbox, waiting for a
// pod's end and reading its log through the API server (which asks the kubelet).
import { randomBytes } from 'node:crypto';
import type { TestCluster } from '../cluster/clusters.ts';
import { requestKube, type KubeApi } from '../cluster/kube-request.ts';
import { waitFor } from '../cluster/wait.ts';
import { apply, deleteObject, getObject, type KubeObject } from './apply.ts';

export interface PodStatus {
  readonly phase?: string;
  readonly podIP?: string;
  readonly conditions?: readonly { type: string; status: string }[];
  readonly containerStatuses?: readonly { ready: boolean; state?: Record<string, unknown> }[];
}

export async function createNamespace(cluster: TestCluster, prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await apply(cluster, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }]);
  // Pods are admitted only once the namespace's default ServiceAccount exists.
  await waitFor({
    what: `ServiceAccount ${name}/default`,
    timeoutMs: 30_000,
    check: async () => (await getObject(cluster, `/api/v1/namespaces/${name}/serviceaccounts/default`)) !== undefined,
  });
  return name;
}

export async function deleteNamespace(cluster: KubeApi, name: string): Promise<void> {
  await deleteObject(cluster, `/api/v1/namespaces/${name}`);
}

export interface TestPodOptions {
  readonly namespace: string;
  readonly name: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly restartPolicy?: 'Never' | 'Always';
  readonly volumeMounts?: readonly Record<string, unknown>[];
  readonly volumes?: readonly Record<string, unknown>[];
  readonly securityContext?: Record<string, unknown>;
  readonly ports?: readonly number[];
}

export function testPod(options: TestPodOptions): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: options.name, namespace: options.namespace, labels: { ...options.labels } },
    spec: {
      restartPolicy: options.restartPolicy ?? 'Never',
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      containers: [
        {
          name: 'main',
          image: options.image,
          imagePullPolicy: 'Never',
          args: [...options.args],
          ...(options.ports === undefined ? {} : { ports: options.ports.map((containerPort) => ({ containerPort })) }),
          ...(options.volumeMounts === undefined ? {} : { volumeMounts: options.volumeMounts }),
          ...(options.securityContext === undefined ? {} : { securityContext: options.securityContext }),
        },
      ],
      ...(options.volumes === undefined ? {} : { volumes: options.volumes }),
    },
  };
}

export async function podStatus(cluster: TestCluster, namespace: string, name: string): Promise<PodStatus | undefined> {
  const pod = await getObject<{ status?: PodStatus }>(cluster, `/api/v1/namespaces/${namespace}/pods/${name}`);
  return pod?.status;
}

/** Waits for a run-to-completion pod to end; returns its phase (Succeeded or Failed). */
export async function waitForPodEnd(
  cluster: TestCluster,
  namespace: string,
  name: string,
  timeoutMs = 90_000,
): Promise<string> {
  let phase = '';
  await waitFor({
    what: `pod ${namespace}/${name} finished`,
    timeoutMs,
    check: async () => {
      phase = (await podStatus(cluster, namespace, name))?.phase ?? '';
      return phase === 'Succeeded' || phase === 'Failed';
    },
    logTail: () => `last phase: ${phase}`,
  });
  return phase;
}

export async function waitForPodReady(
  cluster: TestCluster,
  namespace: string,
  name: string,
  timeoutMs = 90_000,
): Promise<PodStatus> {
  let status: PodStatus | undefined;
  await waitFor({
    what: `pod ${namespace}/${name} ready`,
    timeoutMs,
    check: async () => {
      status = await podStatus(cluster, namespace, name);
      return (status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    },
    logTail: () => JSON.stringify(status ?? {}),
  });
  return status as PodStatus;
}

export async function podLog(cluster: KubeApi, namespace: string, name: string): Promise<string> {
  const response = await requestKube(cluster, {
    path: `/api/v1/namespaces/${namespace}/pods/${name}/log`,
    timeoutMs: 20_000,
  });
  if (response.status !== 200) throw new Error(`log of ${namespace}/${name}: HTTP ${response.status} ${response.body}`);
  return response.body;
}

/** Runs a pod to completion and returns its phase and log. */
export async function runPod(cluster: TestCluster, options: TestPodOptions): Promise<{ phase: string; log: string }> {
  await apply(cluster, [testPod(options)]);
  const phase = await waitForPodEnd(cluster, options.namespace, options.name);
  return { phase, log: await podLog(cluster, options.namespace, options.name) };
}

export function serviceFor(
  namespace: string,
  name: string,
  selector: Record<string, string>,
  port: number,
  targetPort: number,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: { selector, ports: [{ name: 'tcp', port, targetPort, protocol: 'TCP' }] },
  };
}

/** Waits until the Service has a ready endpoint (kube-proxy then programs it within its sync). */
export async function waitForEndpoints(cluster: TestCluster, namespace: string, service: string): Promise<void> {
  await waitFor({
    what: `endpoints of ${namespace}/${service}`,
    timeoutMs: 60_000,
    check: async () => {
      const list = await getObject<{ items: { endpoints?: { conditions?: { ready?: boolean } }[] }[] }>(
        cluster,
        `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=kubernetes.io%2Fservice-name%3D${service}`,
      );
      return (list?.items ?? []).some((slice) => (slice.endpoints ?? []).some((e) => e.conditions?.ready === true));
    },
  });
}
