// Waiting for what the members' reconciles started on the node: workloads Ready, Jobs Complete.
// A wait that fails says what it saw (each pod's phase, its containers' states, the tail of the
// log of those not ready), which is what finding a defect on a real network needs.
import type { KubeApi } from '../cluster/kube-request.ts';
import { waitFor } from '../cluster/wait.ts';
import { getObject } from '../node/apply.ts';
import { podLog } from '../node/pods.ts';

interface ListOf<T> {
  readonly items: readonly T[];
}

interface Workload {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly replicas?: number };
  readonly status?: { readonly readyReplicas?: number };
}

interface Job {
  readonly metadata: { readonly name: string };
  readonly status?: {
    readonly succeeded?: number;
    readonly conditions?: readonly { readonly type: string; readonly status: string; readonly message?: string }[];
  };
}

interface Pod {
  readonly metadata: { readonly name: string; readonly labels?: Readonly<Record<string, string>> };
  readonly status?: {
    readonly phase?: string;
    readonly containerStatuses?: readonly {
      readonly name: string;
      readonly ready: boolean;
      readonly state?: unknown;
    }[];
  };
}

/** Waits until every StatefulSet and Deployment named (all of the namespace's when none) has its replicas Ready. */
export async function waitForWorkloadsReady(
  cluster: KubeApi,
  namespace: string,
  options: { readonly names?: readonly string[]; readonly kinds?: readonly string[]; readonly timeoutMs: number },
): Promise<void> {
  let pending: string[] = [];
  await waitFor({
    what: `workloads of ${namespace} ready`,
    timeoutMs: options.timeoutMs,
    intervalMs: 2_000,
    check: async () => {
      pending = [];
      const seen = new Set<string>();
      for (const kind of options.kinds ?? ['statefulsets', 'deployments']) {
        const list = await getObject<ListOf<Workload>>(cluster, `/apis/apps/v1/namespaces/${namespace}/${kind}`);
        for (const item of list?.items ?? []) {
          if (options.names !== undefined && !options.names.includes(item.metadata.name)) continue;
          seen.add(item.metadata.name);
          if ((item.status?.readyReplicas ?? 0) < (item.spec?.replicas ?? 1))
            pending.push(`${kind}/${item.metadata.name}`);
        }
      }
      // A name asked for must exist: a renamed workload would otherwise count as ready.
      for (const name of options.names ?? []) if (!seen.has(name)) pending.push(`${name} (not there)`);
      return pending.length === 0;
    },
    logTail: () => `not ready: ${pending.join(', ')}`,
  }).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}\n${await describePods(cluster, namespace)}`);
  });
}

/** Waits until every Job of the namespace whose name starts with `prefix` has succeeded; a failed one ends the wait. */
export async function waitForJobsComplete(
  cluster: KubeApi,
  namespace: string,
  options: { readonly prefix: string; readonly timeoutMs: number; readonly atLeast?: number },
): Promise<string[]> {
  let names: string[] = [];
  let failure: string | undefined;
  await waitFor({
    what: `Jobs ${namespace}/${options.prefix}* complete`,
    timeoutMs: options.timeoutMs,
    intervalMs: 2_000,
    failed: () => failure,
    check: async () => {
      const list = await getObject<ListOf<Job>>(cluster, `/apis/batch/v1/namespaces/${namespace}/jobs`);
      const jobs = (list?.items ?? []).filter((j) => j.metadata.name.startsWith(options.prefix));
      names = jobs.map((j) => j.metadata.name);
      const failed = jobs.find((j) => j.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True'));
      if (failed !== undefined) failure = `Job ${failed.metadata.name} failed`;
      return jobs.length >= (options.atLeast ?? 1) && jobs.every((j) => (j.status?.succeeded ?? 0) > 0);
    },
  }).catch(async (error: unknown) => {
    throw new Error(`${(error as Error).message}\n${await describePods(cluster, namespace)}`);
  });
  return names;
}

/** Every pod of the namespace: phase and container states, with the log tail of those not ready. */
export async function describePods(cluster: KubeApi, namespace: string): Promise<string> {
  const lines: string[] = [];
  try {
    const pods = await getObject<ListOf<Pod>>(cluster, `/api/v1/namespaces/${namespace}/pods`);
    for (const pod of pods?.items ?? []) {
      const containers = pod.status?.containerStatuses ?? [];
      lines.push(`${pod.metadata.name}: ${pod.status?.phase ?? '?'} ${JSON.stringify(containers.map((c) => c.state))}`);
      if (containers.length > 0 && containers.every((c) => c.ready)) continue;
      const log = await podLog(cluster, namespace, pod.metadata.name).catch((e: unknown) => `(no log: ${String(e)})`);
      lines.push(
        ...log
          .trimEnd()
          .split('\n')
          .slice(-15)
          .map((l) => `    ${l}`),
      );
    }
  } catch (error) {
    lines.push(`(pods of ${namespace} not readable: ${String(error)})`);
  }
  return lines.join('\n');
}

/** What keeps a namespace from being settled: pods neither Ready nor Succeeded, Jobs not Complete. */
export async function unsettled(cluster: KubeApi, namespace: string): Promise<string[]> {
  const problems: string[] = [];
  const pods = await getObject<ListOf<Pod>>(cluster, `/api/v1/namespaces/${namespace}/pods`);
  for (const pod of pods?.items ?? []) {
    const phase = pod.status?.phase;
    const ready = (pod.status?.containerStatuses ?? []).every((c) => c.ready);
    if (phase === 'Succeeded' || (phase === 'Running' && ready)) continue;
    problems.push(`pod ${namespace}/${pod.metadata.name}: ${phase ?? '?'}${phase === 'Running' ? ', not ready' : ''}`);
  }
  const jobs = await getObject<ListOf<Job>>(cluster, `/apis/batch/v1/namespaces/${namespace}/jobs`);
  for (const job of jobs?.items ?? [])
    if ((job.status?.succeeded ?? 0) === 0) problems.push(`job ${namespace}/${job.metadata.name}: not complete`);
  return problems;
}
