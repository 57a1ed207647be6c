// The test control plane: one etcd and, per cluster, a kube-apiserver (its own --etcd-prefix,
// CA, serving certificate, service-account key and admin identity) plus a kube-controller-manager
// so namespace deletion and garbage collection happen as in a real cluster. Everything listens on
// loopback and lives in one temporary directory.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ControlPlaneBinaries } from './binaries.ts';
import type { ClusterEnvironment, TestCluster } from './clusters.ts';
import { requestKube, type KubeEndpoint } from './kube-request.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { apiServerArgs, controllerManagerArgs, etcdArgs } from './component-args.ts';
import { createClusterPki } from './pki.ts';
import { findFreePorts } from './ports.ts';
import { installExitHooks, live, startReaper } from './process-guard.ts';
import { startProcess, stopProcess, tailLog, type ManagedProcess } from './processes.ts';
import { waitFor } from './wait.ts';

export const defaultClusterNames = ['a', 'b', 'c'] as const;

export interface StartControlPlaneOptions {
  readonly binaries: ControlPlaneBinaries;
  readonly clusterNames?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Clusters that will get a node (test/node/node.ts): see component-args.ts `runsPods`. */
  readonly runsPods?: boolean;
}

export interface ControlPlaneTimings {
  /** From the call to all API servers answering /readyz 200. */
  readonly apiServersReadyMs: number;
  /** Until every controller manager has acted (the 'default' ServiceAccount exists). */
  readonly controllersReadyMs: number;
}

export interface ControlPlane {
  /** Everything a suite needs except the control endpoint URL, which the global setup adds. */
  readonly environment: Omit<ClusterEnvironment, 'control'>;
  readonly rootDir: string;
  readonly timings: ControlPlaneTimings;
  stopApiServer(name: string): Promise<void>;
  startApiServer(name: string): Promise<void>;
  /** Process ids (= process group ids) of every running component. */
  pids(): number[];
  stop(): Promise<void>;
}

interface ClusterRuntime {
  readonly cluster: TestCluster;
  readonly dir: string;
  readonly endpoint: KubeEndpoint;
  readonly apiServerArgs: readonly string[];
  apiServer: ManagedProcess | undefined;
  controllerManager: ManagedProcess | undefined;
}

export async function startControlPlane(options: StartControlPlaneOptions): Promise<ControlPlane> {
  const started = performance.now();
  const { binaries } = options;
  const names = options.clusterNames ?? defaultClusterNames;
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  installExitHooks();
  const rootDir = await mkdtemp(join(tmpdir(), 'consortium-clusters-'));
  const stateFile = join(rootDir, 'reaper-state.json');
  const writeState = () => {
    const state = JSON.stringify({ pids: [...live].map((p) => p.pid), dirs: [rootDir] });
    writeFileSync(`${stateFile}.tmp`, state);
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  writeState();
  startReaper(stateFile);

  const runtimes: ClusterRuntime[] = [];
  let etcd: ManagedProcess | undefined;
  const launch = (proc: ManagedProcess) => {
    live.add(proc);
    void proc.exited.then(() => live.delete(proc));
    writeState();
    return proc;
  };
  const stopOne = async (proc: ManagedProcess | undefined, graceMs?: number) => {
    if (proc === undefined) return;
    await stopProcess(proc, graceMs);
    live.delete(proc);
    writeState();
  };
  const stopAll = async () => {
    await Promise.all(runtimes.map((r) => stopOne(r.controllerManager)));
    await Promise.all(runtimes.map((r) => stopOne(r.apiServer)));
    await stopOne(etcd);
    await rm(rootDir, { recursive: true, force: true });
  };

  try {
    const ports = await findFreePorts(2 + names.length);
    const [etcdClientPort, etcdPeerPort, ...apiPorts] = ports as [number, number, ...number[]];
    const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
    await mkdir(join(rootDir, 'etcd'));
    etcd = launch(
      startProcess({
        name: 'etcd',
        command: binaries.etcd,
        args: etcdArgs({ dataDir: join(rootDir, 'etcd', 'data'), clientUrl: etcdUrl, peerPort: etcdPeerPort }),
        logFile: join(rootDir, 'etcd', 'etcd.log'),
        cwd: rootDir,
      }),
    );
    const etcdProc = etcd;
    await waitFor({
      what: 'etcd /health',
      timeoutMs: 60_000,
      check: async () => (await fetch(`${etcdUrl}/health`)).ok,
      failed: () => (etcdProc.hasExited() ? 'etcd exited' : undefined),
      logTail: () => tailLog(etcdProc.logFile),
    });

    await Promise.all(
      names.map(async (name, index) => {
        const dir = join(rootDir, name);
        await mkdir(dir);
        const pki = await createClusterPki({ dir, clusterName: name, serviceIp: '10.0.0.1' });
        const port = apiPorts[index] as number;
        const server = `https://127.0.0.1:${port}`;
        const kubeconfig = join(dir, 'kubeconfig');
        await writeKubeconfig(kubeconfig, [
          { name, server, caPem: pki.caPem, certPem: pki.adminCertPem, keyPem: pki.adminKeyPem },
        ]);
        const cluster: TestCluster = {
          name,
          kubeconfig,
          server,
          caFile: pki.caFile,
          certFile: pki.adminCertFile,
          keyFile: pki.adminKeyFile,
        };
        runtimes.push({
          cluster,
          dir,
          endpoint: cluster,
          apiServerArgs: apiServerArgs({ name, port, etcdUrl, pki, dir, runsPods: options.runsPods ?? false }),
          apiServer: undefined,
          controllerManager: undefined,
        });
      }),
    );
    runtimes.sort((x, y) => names.indexOf(x.cluster.name) - names.indexOf(y.cluster.name));

    const startApi = async (runtime: ClusterRuntime) => {
      const proc = launch(
        startProcess({
          name: `kube-apiserver (${runtime.cluster.name})`,
          command: binaries.kubeApiserver,
          args: runtime.apiServerArgs,
          logFile: join(runtime.dir, 'kube-apiserver.log'),
          cwd: runtime.dir,
        }),
      );
      runtime.apiServer = proc;
      await waitFor({
        what: `kube-apiserver of cluster ${runtime.cluster.name}: ${runtime.cluster.server}/readyz`,
        timeoutMs: readyTimeoutMs,
        check: async () => (await requestKube(runtime.endpoint, { path: '/readyz', timeoutMs: 5_000 })).status === 200,
        failed: () => (proc.hasExited() ? 'the process exited' : undefined),
        logTail: () => tailLog(proc.logFile),
      });
    };
    await Promise.all(runtimes.map(startApi));
    const apiServersReadyMs = performance.now() - started;

    await Promise.all(
      runtimes.map(async (runtime) => {
        const proc = launch(
          startProcess({
            name: `kube-controller-manager (${runtime.cluster.name})`,
            command: binaries.kubeControllerManager,
            args: controllerManagerArgs({
              name: runtime.cluster.name,
              kubeconfig: runtime.cluster.kubeconfig,
              caFile: runtime.cluster.caFile,
              dir: runtime.dir,
              runsPods: options.runsPods ?? false,
            }),
            logFile: join(runtime.dir, 'kube-controller-manager.log'),
            cwd: runtime.dir,
          }),
        );
        runtime.controllerManager = proc;
        await waitFor({
          what: `kube-controller-manager of cluster ${runtime.cluster.name} (ServiceAccount default/default)`,
          timeoutMs: readyTimeoutMs,
          check: async () =>
            (await requestKube(runtime.endpoint, { path: '/api/v1/namespaces/default/serviceaccounts/default' }))
              .status === 200,
          failed: () => (proc.hasExited() ? 'the process exited' : undefined),
          logTail: () => tailLog(proc.logFile),
        });
      }),
    );
    const controllersReadyMs = performance.now() - started;

    const kubeconfigMerged = join(rootDir, 'kubeconfig');
    const pkiOf = (r: ClusterRuntime) => ({
      name: r.cluster.name,
      server: r.cluster.server,
      caPem: readText(r.cluster.caFile),
      certPem: readText(r.cluster.certFile),
      keyPem: readText(r.cluster.keyFile),
    });
    await writeKubeconfig(kubeconfigMerged, runtimes.map(pkiOf));

    const runtimeOf = (name: string) => {
      const runtime = runtimes.find((r) => r.cluster.name === name);
      if (runtime === undefined) throw new Error(`no test cluster named '${name}'`);
      return runtime;
    };
    return {
      environment: { kubeVersion: binaries.versions.kube, kubeconfigMerged, clusters: runtimes.map((r) => r.cluster) },
      rootDir,
      timings: { apiServersReadyMs, controllersReadyMs },
      stopApiServer: async (name) => {
        const runtime = runtimeOf(name);
        // An API server with clients still watching drains for longer than a test wants to wait;
        // it keeps no state of its own, so a short grace before SIGKILL loses nothing.
        await stopOne(runtime.apiServer, 2_000);
        runtime.apiServer = undefined;
      },
      startApiServer: async (name) => {
        const runtime = runtimeOf(name);
        if (runtime.apiServer !== undefined && !runtime.apiServer.hasExited()) return;
        await startApi(runtime);
      },
      pids: () => [...live].map((p) => p.pid),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
