// One real Kubernetes node for one test cluster: containerd + runc, the kubelet, kube-proxy
// (iptables), kube-router (NetworkPolicy only), the scheduler, a CNI bridge, and in the cluster
// CoreDNS, Traefik (Gateway API TLS passthrough on 443, Ingress) and the local-path provisioner.
// What it takes from the machine and how it gives it back: host.ts. `stop()` undoes everything,
// also after a crash of the runner (node-reaper.ts).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { TestCluster } from '../cluster/clusters.ts';
import { writeKubeconfig } from '../cluster/kubeconfig.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { installExitHooks, live } from '../cluster/process-guard.ts';
import { startProcess, stopProcess, tailLog, type ManagedProcess } from '../cluster/processes.ts';
import { waitFor } from '../cluster/wait.ts';
import {
  addonRbac,
  gatewayClassName,
  apiEndpoints,
  coreDnsObjects,
  localPathNamespace,
  localPathObjects,
  traefikNamespace,
  traefikObjects,
} from './addons.ts';
import { apply, getObject, type KubeObject } from './apply.ts';
import type { NodeBinaries } from './binaries.ts';
import { cleanupNode, type NodeCleanupState } from './cleanup.ts';
import { sweepStaleNodes } from './stale-nodes.ts';
import {
  assertSafePath,
  cgroupProcsFiles,
  createCgroups,
  createSubCgroup,
  holderCommand,
  nodeCgroupPath,
  run,
  setUpNetwork,
} from './host.ts';
import {
  cniConfig,
  containerdConfig,
  containerdSocket,
  kubeProxyConfig,
  kubeRouterArgs,
  kubeletArgs,
  kubeletConfig,
  nodeNetwork,
  schedulerArgs,
  type NodeLayout,
  type NodeNetwork,
} from './node-config.ts';

/** The storage classes the example repository's organizations name (orgs/*.yaml), plus 'standard'. */
export const defaultStorageClasses = ['standard', 'managed-csi-premium', 'premium-rwo', 'gp3'] as const;

export interface StartNodeOptions {
  readonly binaries: NodeBinaries;
  readonly cluster: TestCluster;
  readonly nodeName?: string;
  /** Storage class names served by the local-path provisioner; the first is the default. */
  readonly storageClasses?: readonly string[];
  /** Host names CoreDNS answers with the gateway's address (members' external host names). */
  readonly gatewayHostNames?: readonly string[];
  /** Zones whose every name CoreDNS answers with the gateway's address. */
  readonly gatewayZones?: readonly string[];
  readonly readyTimeoutMs?: number;
  /**
   * False: only the node itself (no add-ons, no 'kubernetes' endpoints): a second node on a
   * cluster that already has the add-ons, e.g. to test teardown. Default true.
   */
  readonly addons?: boolean;
  /** Taints the node registers with (NoSchedule keeps other suites' pods off a second node). */
  readonly taints?: readonly { readonly key: string; readonly effect: 'NoSchedule' | 'NoExecute' }[];
  /** Run kube-router (NetworkPolicy) when built. Default true. */
  readonly networkPolicy?: boolean;
  /** Run Traefik (the gateway) when built. Default true. */
  readonly gateway?: boolean;
}

export interface NodeTimings {
  /** From the call to the node being Ready (kubelet registered, CNI configured). */
  readonly nodeReadyMs: number;
  /** Until CoreDNS, Traefik and the provisioner are available. */
  readonly addonsReadyMs: number;
  /** Of which importing the images into containerd. */
  readonly imageImportMs: number;
}

export interface TestNode {
  readonly nodeName: string;
  readonly network: NodeNetwork;
  /** The node's directory (logs: <dir>/logs/*.log). */
  readonly dir: string;
  readonly timings: NodeTimings;
  /** References of the images imported into the node's containerd. */
  readonly images: NodeBinaries['images'];
  /** The GatewayClass of the node's gateway; undefined when Traefik was not built. */
  readonly gatewayClassName: string | undefined;
  /** Whether kube-router enforces NetworkPolicies on this node. */
  readonly networkPolicy: boolean;
  /** Runs a command in the node's network and mount namespaces. */
  exec(command: string, args: readonly string[]): string;
  /** A process in the node's namespaces (`nsenter -t <pid> -n` reaches Services and Pods). */
  readonly namespacePid: number;
  /** Process ids of the node's daemons. */
  pids(): number[];
  /** Everything that must be gone after stop() (see leftovers.ts). */
  readonly footprint: NodeFootprint;
  stop(): Promise<{ readonly problems: readonly string[] }>;
}

export interface NodeFootprint {
  readonly dir: string;
  readonly hostIf: string;
  readonly cgroupPath: string;
  /** Inode of the node's network namespace (as in /proc/<pid>/ns/net -> net:[inode]). */
  readonly netnsInode: string;
  readonly mountnsInode: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');

export async function startNode(options: StartNodeOptions): Promise<TestNode> {
  const started = performance.now();
  const { cluster } = options;
  const binaries: NodeBinaries =
    options.gateway === false
      ? { ...options.binaries, images: { ...options.binaries.images, traefik: undefined } }
      : options.binaries;
  const readyTimeoutMs = options.readyTimeoutMs ?? 180_000;
  installExitHooks();
  for (const note of await sweepStaleNodes()) console.warn(`test node: ${note}`);
  const id = randomBytes(3).toString('hex');
  const nodeName = options.nodeName ?? `node-${cluster.name}`;
  const dir = await mkdtemp(join(tmpdir(), 'consortium-node-'));
  assertSafePath(dir);
  await chmod(dir, 0o755);
  for (const sub of [
    'containerd',
    'cni/net.d',
    'cni/ipam',
    'kubelet',
    'kubelet-pki',
    'var-log',
    'local-path',
    'runc',
    'logs',
  ]) {
    await mkdir(join(dir, sub), { recursive: true });
  }
  const cgroupPath = nodeCgroupPath(id);
  const hostIf = `cgn${id}`;
  const network = nodeNetwork(freeSlot());
  const layout: NodeLayout = { nodeName, dir, cgroupRoot: cgroupPath, network };

  const processes: ManagedProcess[] = [];
  let createdCgroupDirs: string[] = [];
  const stateFile = join(dir, '..', `${dir.split('/').pop() ?? 'node'}.reaper.json`);
  const state = (): NodeCleanupState => ({
    pids: processes.map((p) => p.pid),
    cgroupPath,
    createdCgroupDirs,
    hostIf,
    dirs: [dir],
  });
  const writeState = () => {
    writeFileSync(`${stateFile}.tmp`, JSON.stringify(state()));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  writeState();
  startNodeReaper(stateFile);

  let stopped = false;
  const stop = async () => {
    if (stopped) return { problems: [] };
    stopped = true;
    // The daemons first, politely (the kubelet and containerd flush nothing we keep, so the
    // grace is short), then whatever is left in the cgroup subtree, namespaces, directories.
    await Promise.all(processes.map((p) => stopProcess(p, 1_000)));
    for (const p of processes) live.delete(p);
    const problems = await cleanupNode(state());
    run('rm', ['-f', stateFile]);
    return { problems };
  };

  const launch = (name: string, command: string, args: readonly string[], where: 'node' | 'host') => {
    const files = cgroupProcsFiles(cgroupPath, 'system');
    for (const f of files) assertSafePath(f);
    // Join the node's cgroup before exec, so every child (shims, containers) is accounted there.
    const enter = `for f in ${files.join(' ')}; do echo $$ > "$f"; done; exec "$@"`;
    const holder = processes[0];
    const argv =
      where === 'node' && holder !== undefined
        ? ['nsenter', '-t', String(holder.pid), '-n', '-m', '--', command, ...args]
        : [command, ...args];
    const proc = startProcess({
      name,
      command: '/bin/sh',
      args: ['-c', enter, 'sh', ...argv],
      logFile: join(dir, 'logs', `${name}.log`),
      cwd: dir,
    });
    processes.push(proc);
    live.add(proc);
    writeState();
    return proc;
  };
  const waitProc = (proc: ManagedProcess, what: string, check: () => Promise<boolean>, timeoutMs = readyTimeoutMs) =>
    waitFor({
      what: `${proc.name}: ${what}`,
      timeoutMs,
      check,
      failed: () => (proc.hasExited() ? 'the process exited' : undefined),
      logTail: () => tailLog(proc.logFile),
    });

  try {
    createdCgroupDirs = createCgroups(cgroupPath);
    createSubCgroup(cgroupPath, 'system');
    writeState();

    // 1. The namespaces, held open by a sleeping process.
    const holderSpec = holderCommand(dir);
    const holder = launch('holder', holderSpec.command, holderSpec.args, 'host');
    await waitProc(holder, 'namespaces ready', () => Promise.resolve(readComm(holder.pid) === 'sleep'), 20_000);
    setUpNetwork(holder.pid, hostIf, network.hostIp, network.nodeIp, network.podCidr);
    const footprint: NodeFootprint = {
      dir,
      hostIf,
      cgroupPath,
      netnsInode: nsInode(holder.pid, 'net'),
      mountnsInode: nsInode(holder.pid, 'mnt'),
    };

    // 2. Files.
    const apiPort = new URL(cluster.server).port;
    const nodeKubeconfig = join(dir, 'node.kubeconfig');
    await writeKubeconfig(nodeKubeconfig, [
      {
        name: cluster.name,
        server: `https://127.0.0.1:${network.relayPort}`,
        caPem: readFileSync(cluster.caFile, 'utf8'),
        certPem: readFileSync(cluster.certFile, 'utf8'),
        keyPem: readFileSync(cluster.keyFile, 'utf8'),
      },
    ]);
    await writeFile(
      join(dir, 'containerd', 'config.toml'),
      containerdConfig(layout, {
        runc: binaries.runc,
        cniBinDir: binaries.cniBinDir,
        pauseImage: binaries.images.pause.ref,
      }),
    );
    await writeFile(join(dir, 'cni', 'net.d', '10-consortium-node.conflist'), cniConfig(layout));
    await writeFile(join(dir, 'kubelet.yaml'), kubeletConfig(layout, cluster.caFile, options.taints ?? []));
    await writeFile(join(dir, 'kube-proxy.yaml'), kubeProxyConfig(layout, nodeKubeconfig));
    // Pods with dnsPolicy Default (CoreDNS itself) get this: no upstream, the node has no way out.
    await writeFile(join(dir, 'resolv.conf'), 'options ndots:1\n');

    // 3. The API relay, then containerd with the images.
    const relay = launch(
      'apirelay',
      binaries.apiRelay,
      [
        '-netns',
        `/proc/${holder.pid}/ns/net`,
        '-listen',
        `0.0.0.0:${network.relayPort}`,
        '-to',
        `127.0.0.1:${apiPort}`,
      ],
      'host',
    );
    await waitProc(relay, 'listening', () => Promise.resolve(tailLog(relay.logFile).includes('relaying')), 20_000);
    // containerd finds the shim next to itself; runc comes from the runtime options.
    const containerd = launch(
      'containerd',
      binaries.containerd,
      ['--config', join(dir, 'containerd', 'config.toml')],
      'node',
    );
    const ctr = (...args: string[]) =>
      run(binaries.ctr, ['--address', containerdSocket(layout), '--namespace', 'k8s.io', ...args]);
    await waitProc(containerd, 'serving', () => {
      if (!existsSync(containerdSocket(layout))) return Promise.resolve(false);
      ctr('version');
      return Promise.resolve(true);
    });
    const importStarted = performance.now();
    for (const image of binaries.images.all) ctr('images', 'import', '--local', image.file);
    const imageImportMs = performance.now() - importStarted;

    // 4. Node daemons.
    const kubelet = launch(
      'kubelet',
      binaries.kubelet,
      kubeletArgs(layout, { config: join(dir, 'kubelet.yaml'), kubeconfig: nodeKubeconfig }),
      'node',
    );
    const kubeProxy = launch('kube-proxy', binaries.kubeProxy, [`--config=${join(dir, 'kube-proxy.yaml')}`], 'node');
    const scheduler = launch('kube-scheduler', binaries.kubeScheduler, schedulerArgs(cluster.kubeconfig), 'host');
    const addons = options.addons ?? true;
    if (addons) await apply(cluster, apiEndpoints(network));

    const nodePath = `/api/v1/nodes/${nodeName}`;
    await waitProc(
      kubelet,
      `node ${nodeName} registered`,
      async () => (await getObject(cluster, nodePath)) !== undefined,
    );
    // kube-router reads the pod range from the Node; nothing else here allocates one.
    const patched = await requestKube(cluster, {
      method: 'PATCH',
      path: nodePath,
      body: JSON.stringify({ spec: { podCIDR: network.podCidr, podCIDRs: [network.podCidr] } }),
      contentType: 'application/merge-patch+json',
    });
    if (patched.status >= 300) throw new Error(`set podCIDR of ${nodeName}: HTTP ${patched.status} ${patched.body}`);
    const kubeRouterBinary = options.networkPolicy === false ? undefined : binaries.kubeRouter;
    const kubeRouter =
      kubeRouterBinary === undefined
        ? undefined
        : launch('kube-router', kubeRouterBinary, kubeRouterArgs(layout, nodeKubeconfig), 'node');
    await waitProc(kubelet, `node ${nodeName} Ready`, async () => nodeReady(await getObject(cluster, nodePath)));
    const nodeReadyMs = performance.now() - started;

    // 5. Add-ons.
    if (addons) await installAddons(kubelet);
    for (const proc of [kubeProxy, scheduler, kubeRouter, containerd, relay]) {
      if (proc?.hasExited() === true) throw new Error(`${proc.name} exited:\n${tailLog(proc.logFile)}`);
    }
    const addonsReadyMs = performance.now() - started;

    return {
      nodeName,
      network,
      dir,
      timings: { nodeReadyMs, addonsReadyMs, imageImportMs },
      images: binaries.images,
      gatewayClassName: binaries.images.traefik === undefined ? undefined : gatewayClassName,
      networkPolicy: kubeRouter !== undefined,
      exec: (command, args) => run('nsenter', ['-t', String(holder.pid), '-n', '-m', '--', command, ...args]),
      namespacePid: holder.pid,
      pids: () => processes.filter((p) => !p.hasExited()).map((p) => p.pid),
      footprint,
      stop,
    };
  } catch (error) {
    const { problems } = await stop();
    if (problems.length > 0) throw new Error(`${(error as Error).message}\n(teardown: ${problems.join('; ')})`);
    throw error;
  }

  async function installAddons(kubelet: ManagedProcess): Promise<void> {
    await applyCrds(cluster, binaries.gatewayApiCrdDir);
    const addonOptions = {
      network,
      images: {
        coredns: binaries.images.coredns.ref,
        traefik: binaries.images.traefik?.ref ?? '',
        localPathProvisioner: binaries.images.localPathProvisioner.ref,
        busybox: binaries.images.busybox.ref,
      },
      localPathDir: join(dir, 'local-path'),
      storageClasses: options.storageClasses ?? defaultStorageClasses,
      gatewayHostNames: options.gatewayHostNames ?? [],
      gatewayZones: options.gatewayZones ?? [],
    };
    await apply(cluster, [
      ...addonRbac(),
      ...coreDnsObjects(addonOptions),
      ...(binaries.images.traefik === undefined ? [] : traefikObjects(addonOptions)),
      ...localPathObjects(addonOptions),
    ]);
    const deployments = [
      ['kube-system', 'coredns'],
      ...(binaries.images.traefik === undefined ? [] : [[traefikNamespace, 'traefik']]),
      [localPathNamespace, 'local-path-provisioner'],
    ] as const;
    for (const [ns, name] of deployments) {
      await waitProc(kubelet, `deployment ${ns}/${name} available`, async () =>
        deploymentAvailable(await getObject(cluster, `/apis/apps/v1/namespaces/${ns}/deployments/${name}`)),
      );
    }
  }
}

function startNodeReaper(stateFile: string): void {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'node-reaper.ts'), String(process.pid), stateFile],
    {
      detached: true,
      stdio: 'ignore',
      cwd: repoRoot,
    },
  );
  child.unref();
}

function readComm(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export function nsInode(pid: number, kind: 'net' | 'mnt'): string {
  return run('readlink', [`/proc/${pid}/ns/${kind}`]).trim();
}

/** A /30 of 10.243.0.0/16 that no host interface uses yet. */
function freeSlot(): number {
  const used = new Set<string>();
  for (const ifname of readdirSync('/sys/class/net')) used.add(ifname);
  const addresses = run('ip', ['-4', '-o', 'addr', 'show']);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const slot = randomBytes(2).readUInt16BE(0) % 16_384;
    const { hostIp } = nodeNetwork(slot);
    if (!addresses.includes(` ${hostIp}/`)) return slot;
  }
  throw new Error('no free address range in 10.243.0.0/16 for the node');
}

function nodeReady(node: Record<string, unknown> | undefined): boolean {
  const conditions =
    (node?.['status'] as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function deploymentAvailable(deployment: Record<string, unknown> | undefined): boolean {
  const status = deployment?.['status'] as { availableReplicas?: number } | undefined;
  return (status?.availableReplicas ?? 0) >= 1;
}

async function applyCrds(cluster: TestCluster, crdDir: string): Promise<void> {
  const crds: KubeObject[] = [];
  for (const file of readdirSync(crdDir).sort()) {
    if (!file.endsWith('.yaml')) continue;
    for (const doc of parseAllDocuments(readFileSync(join(crdDir, file), 'utf8'))) {
      const object = doc.toJSON() as KubeObject | null;
      if (object?.kind === 'CustomResourceDefinition') crds.push(object);
    }
  }
  await apply(cluster, crds);
  for (const crd of crds) {
    await waitFor({
      what: `CRD ${crd.metadata.name} established`,
      timeoutMs: 60_000,
      check: async () => {
        const current = await getObject<{ status?: { conditions?: { type: string; status: string }[] } }>(
          cluster,
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
        );
        return (current?.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
      },
    });
  }
}
