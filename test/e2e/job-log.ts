// The logs of Jobs' pods, read through the API server (which asks the kubelet): what a step
// returns so the test can assert on what the rendered script said it did.
import type { KubeApi } from '../cluster/kube-request.ts';
import { getObject } from '../node/apply.ts';
import { podLog } from '../node/pods.ts';

interface PodList {
  readonly items: readonly {
    readonly metadata: {
      readonly name: string;
      readonly creationTimestamp?: string;
      readonly labels?: Record<string, string>;
    };
    readonly status?: { readonly phase?: string };
  }[];
}

/**
 * The log of the pod that completed the Job whose name starts with `prefix` (a Job whose first pod
 * failed has several), else of its newest pod; '' when it has none.
 */
export async function jobLog(cluster: KubeApi, namespace: string, prefix: string): Promise<string> {
  const ofJob = (await podsOfJobs(cluster, namespace, prefix)).sort((a, b) =>
    (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
  );
  const pod = ofJob.find((p) => p.status?.phase === 'Succeeded') ?? ofJob.at(-1);
  return pod === undefined ? '' : podLog(cluster, namespace, pod.metadata.name);
}

/** The logs of the pods of every Job whose name starts with `prefix`, concatenated. */
export async function jobLogs(cluster: KubeApi, namespace: string, prefix: string): Promise<string> {
  const logs: string[] = [];
  for (const pod of await podsOfJobs(cluster, namespace, prefix))
    logs.push(await podLog(cluster, namespace, pod.metadata.name).catch((e: unknown) => `(no log: ${String(e)})`));
  return logs.join('\n');
}

/** The pods of the Jobs whose name starts with `prefix` (the Job controller labels them job-name). */
async function podsOfJobs(cluster: KubeApi, namespace: string, prefix: string): Promise<PodList['items'][number][]> {
  const pods = await getObject<PodList>(cluster, `/api/v1/namespaces/${namespace}/pods`);
  return (pods?.items ?? []).filter((p) => (p.metadata.labels?.['job-name'] ?? '').startsWith(prefix));
}
