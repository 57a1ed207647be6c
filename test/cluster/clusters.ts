// What cluster suites (*.cluster.test.ts) see of the test control plane started by
// test/cluster/global-setup.ts. The global setup runs in the vitest main process and the suites
// run in worker processes, so everything crosses over as plain data (`provide`/`inject`) plus a
// loopback HTTP control endpoint for stopping and restarting an API server mid-test.
import { inject } from 'vitest';

/** One test cluster: its own API server and controller manager, its own CA and admin identity. */
export interface TestCluster {
  /** 'a', 'b' or 'c'; also the context name in the merged kubeconfig. */
  readonly name: string;
  /** Kubeconfig for this cluster alone (credentials embedded), current-context = name. */
  readonly kubeconfig: string;
  /** https://127.0.0.1:<port>; stays the same across stop/start. */
  readonly server: string;
  /** PEM files of the cluster CA and of the admin client identity (CN=admin, O=system:masters). */
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

export interface ClusterEnvironment {
  /** Kubernetes version the API servers report on /version, e.g. 'v1.37.2'. */
  readonly kubeVersion: string;
  /** One kubeconfig with a context per cluster ('a', 'b', 'c'); current-context 'a'. */
  readonly kubeconfigMerged: string;
  readonly clusters: readonly TestCluster[];
  /** Base URL of the control endpoint (see stopApiServer/startApiServer below). */
  readonly control: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Undefined when the binaries are missing; `clustersUnavailable` then says why. */
    clusters: ClusterEnvironment | undefined;
    clustersUnavailable: string;
  }
}

export interface ClusterAvailability {
  readonly available: boolean;
  readonly reason: string;
  readonly environment: ClusterEnvironment | undefined;
}

/**
 * The clusters as a suite sees them. Use with `describe.skipIf(!clusters.available)`; the global
 * setup has already recorded the skip reason for the test runner's summary.
 */
export function injectClusters(): ClusterAvailability {
  const environment = inject('clusters');
  return { available: environment !== undefined, reason: inject('clustersUnavailable'), environment };
}

/** The clusters, for use inside a suite that is skipped when they are unavailable. */
export function requireClusters(): ClusterEnvironment {
  const environment = inject('clusters');
  if (environment === undefined) throw new Error(`test clusters unavailable: ${inject('clustersUnavailable')}`);
  return environment;
}

export function findCluster(environment: ClusterEnvironment, name: string): TestCluster {
  const cluster = environment.clusters.find((c) => c.name === name);
  if (cluster === undefined)
    throw new Error(`no test cluster named '${name}' (have: ${environment.clusters.map((c) => c.name).join(', ')})`);
  return cluster;
}

/** Stops one cluster's API server (SIGTERM, SIGKILL after 2 s) and waits for it to exit. Idempotent. */
export async function stopApiServer(environment: ClusterEnvironment, name: string): Promise<void> {
  await callControl(environment, `clusters/${name}/stop`);
}

/** Starts a stopped API server again on the same port and waits until /readyz answers 200. */
export async function startApiServer(environment: ClusterEnvironment, name: string): Promise<void> {
  await callControl(environment, `clusters/${name}/start`);
}

export async function restartApiServer(environment: ClusterEnvironment, name: string): Promise<void> {
  await callControl(environment, `clusters/${name}/restart`);
}

async function callControl(environment: ClusterEnvironment, path: string): Promise<void> {
  const response = await fetch(`${environment.control}/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`cluster control ${path}: ${response.status} ${await response.text()}`);
}
