// The example consortium as a native Fabric network on loopback, the way fabric-samples'
// test-network-nano-bash runs one: per member one etcdraft orderer (channel participation API, no
// system channel) and one peer, each a plain process. Block 0 of every channel is the repository
// copy's channels/<ch>/genesis.block; orderers join it with `osnadmin channel join`, peers with
// `peer channel join`. Everything lives in one temporary directory and one network namespace;
// stop() undoes it all, and a detached reaper does the same if the test process dies first.
import { renameSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Organization } from '../../tools/src/model/types.ts';
import { INGRESS_PORT, ordererHost as ordererHostOf, peerHost as peerHostOf } from '../../tools/src/model/endpoints.ts';
import type { OrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { installExitHooks, live, startReaper } from '../cluster/process-guard.ts';
import { stopProcess, tailLog, type ManagedProcess } from '../cluster/processes.ts';
import { waitFor } from '../cluster/wait.ts';
import type { FabricBinaries } from './binaries.ts';
import { createNetworkRepo, loadModel, readOrgPki, type NetworkRepo } from './network-repo.ts';
import { adminCliEnv, NODE_PORTS, ordererEnv, peerEnv } from './node-env.ts';
import { writeOrgMaterial, type OrgMaterial } from './org-material.ts';
import { startSandbox, type RunOptions, type RunResult, type Sandbox } from './sandbox.ts';

export interface NetworkOrg {
  readonly id: string;
  readonly mspId: string;
  readonly material: OrgMaterial;
  /** Hostname of the org's running peer (its first). */
  readonly peerHost: string;
  /** Hostname of the org's running orderer, when it runs one. */
  readonly ordererHost: string | undefined;
}

export interface FabricNetwork {
  readonly rootDir: string;
  readonly repo: NetworkRepo;
  readonly binaries: FabricBinaries;
  readonly orgs: ReadonlyMap<string, NetworkOrg>;
  /** Times of the start-up phases, for the suite's report. */
  readonly timings: { readonly nodesReadyMs: number; readonly channelsJoinedMs: number };
  org(id: string): NetworkOrg;
  /** host:443 of an orderer and the TLS CA file that verifies it. */
  orderer(orgId?: string): { readonly address: string; readonly tlsCaFile: string };
  /** Environment of the peer CLI acting as the org's admin against its own peer. */
  adminEnv(orgId: string): Record<string, string>;
  /** Runs a command inside the network's namespace (Fabric CLIs, the rendered Job scripts). */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** The org's peer's height of `channel`, or undefined when it has not joined. */
  peerHeight(orgId: string, channel: string): Promise<number | undefined>;
  /** Waits until the peers of `orgIds` all report the same height, at least `atLeast`; returns it. */
  waitForSameHeight(channel: string, orgIds: readonly string[], atLeast?: number): Promise<number>;
  /** The channel's current config block, as the org's admin fetches it from an orderer. */
  fetchConfigBlock(channel: string, orgId: string): Promise<Uint8Array>;
  /** Starts the first peer of an org that joined the repository after start (keys from org init). */
  startOrgPeer(orgId: string): Promise<NetworkOrg>;
  /** Joins the org's peer to `channel` from the repository's genesis block. */
  joinPeer(orgId: string, channel: string): Promise<void>;
  /** Gives `hostname` a loopback address of its own in the network (as a Service name resolves); returns it. */
  addHost(hostname: string): Promise<string>;
  /** Starts a long-running process inside the network (a chaincode server); stop() stops it too. */
  startProcess(options: {
    readonly name: string;
    readonly command: string;
    readonly args: readonly string[];
    readonly env: Readonly<Record<string, string>>;
  }): ManagedProcess;
  /** Stops the org's peer (an outage); startPeerAgain restarts it on the same ledger. */
  stopPeer(orgId: string): Promise<void>;
  startPeerAgain(orgId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startFabricNetwork(options: { readonly binaries: FabricBinaries }): Promise<FabricNetwork> {
  const started = performance.now();
  const { binaries } = options;
  installExitHooks();
  const rootDir = await mkdtemp(join(tmpdir(), 'consortium-fabric-'));
  const dirs = [rootDir];
  const stateFile = join(rootDir, 'reaper-state.json');
  const writeState = () => {
    writeFileSync(`${stateFile}.tmp`, JSON.stringify({ pids: [...live].map((p) => p.pid), dirs }));
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  writeState();
  startReaper(stateFile);

  const processes: ManagedProcess[] = [];
  const launch = (proc: ManagedProcess) => {
    live.add(proc);
    processes.push(proc);
    void proc.exited.then(() => live.delete(proc));
    writeState();
    return proc;
  };
  const stopAll = async () => {
    // Nodes first, the namespace holder last.
    for (const proc of [...processes].reverse()) {
      await stopProcess(proc, 3_000);
      live.delete(proc);
    }
    writeState();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  };

  try {
    const repo = await createNetworkRepo({ root: rootDir });
    dirs.push(repo.dir);
    writeState();
    const sandbox = await startSandbox(rootDir);
    launch(sandbox.holder);
    const model = await loadModel(repo.dir);
    const orgs = new Map<string, NetworkOrg>();
    const nodeProcs = new Map<string, ManagedProcess>();

    const prepareOrg = async (org: Organization, pki: OrgPki): Promise<NetworkOrg> => {
      const peer = org.peers[0];
      if (peer === undefined) throw new Error(`${org.id} has no peer to run`);
      const peerHost = peerHostOf(org, peer);
      const orderer = org.orderers[0];
      const ordererHost = orderer === undefined ? undefined : ordererHostOf(org, orderer);
      for (const host of [peerHost, ...(ordererHost === undefined ? [] : [ordererHost])]) await sandbox.addHost(host);
      const material = await writeOrgMaterial({
        pki,
        organization: org.displayName,
        dir: join(rootDir, 'orgs', org.id),
        nodes: [
          { name: peer.name, kind: 'peer', host: peerHost },
          ...(orderer === undefined || ordererHost === undefined
            ? []
            : [
                {
                  name: orderer.name,
                  kind: 'orderer' as const,
                  host: ordererHost,
                  ...tlsOf(repo, `${org.id}/${orderer.name}`),
                },
              ]),
        ],
      });
      const entry: NetworkOrg = { id: org.id, mspId: org.mspId, material, peerHost, ordererHost };
      orgs.set(org.id, entry);
      return entry;
    };

    const cliFor = (entry: NetworkOrg) =>
      adminCliEnv({ configDir: binaries.configDir, org: entry.material, peerHost: entry.peerHost });
    const osnadminFlags = (entry: NetworkOrg): string[] => [
      '-o',
      `${entry.ordererHost ?? ''}:${NODE_PORTS.ordererAdmin}`,
      '--ca-file',
      entry.material.tlsCaCertFile,
      '--client-cert',
      entry.material.adminTlsCert,
      '--client-key',
      entry.material.adminTlsKey,
    ];
    const nodeOf = (entry: NetworkOrg, host: string) => {
      for (const node of entry.material.nodes.values()) if (node.host === host) return node;
      throw new Error(`no material for ${host}`);
    };

    const startPeer = async (entry: NetworkOrg) => {
      const dataDir = join(rootDir, 'data', entry.peerHost);
      await mkdir(dataDir, { recursive: true });
      const proc = launch(
        sandbox.start({
          name: `peer ${entry.peerHost}`,
          command: binaries.peer,
          args: ['node', 'start'],
          logFile: join(rootDir, `${entry.peerHost}.log`),
          cwd: dataDir,
          env: peerEnv({
            configDir: binaries.configDir,
            dataDir,
            address: sandbox.addressOf(entry.peerHost),
            org: entry.material,
            node: nodeOf(entry, entry.peerHost),
            ccaasBuilderDir: binaries.ccaasBuilderDir,
          }),
        }),
      );
      nodeProcs.set(entry.peerHost, proc);
      await waitFor({
        what: `peer ${entry.peerHost}`,
        timeoutMs: 60_000,
        intervalMs: 500,
        check: async () => (await sandbox.run(binaries.peer, ['channel', 'list'], { env: cliFor(entry) })).code === 0,
        failed: () => (proc.hasExited() ? 'the process exited' : undefined),
        logTail: () => tailLog(proc.logFile),
      });
    };

    const startOrderer = async (entry: NetworkOrg, host: string) => {
      const dataDir = join(rootDir, 'data', host);
      await mkdir(dataDir, { recursive: true });
      const proc = launch(
        sandbox.start({
          name: `orderer ${host}`,
          command: binaries.orderer,
          args: [],
          logFile: join(rootDir, `${host}.log`),
          cwd: dataDir,
          env: ordererEnv({
            configDir: binaries.configDir,
            dataDir,
            address: sandbox.addressOf(host),
            org: entry.material,
            node: nodeOf(entry, host),
          }),
        }),
      );
      nodeProcs.set(host, proc);
      await waitFor({
        what: `orderer ${host}`,
        timeoutMs: 60_000,
        intervalMs: 500,
        check: async () =>
          (await sandbox.run(binaries.osnadmin, ['channel', 'list', ...osnadminFlags(entry)])).code === 0,
        failed: () => (proc.hasExited() ? 'the process exited' : undefined),
        logTail: () => tailLog(proc.logFile),
      });
    };

    const network: FabricNetwork = {
      rootDir,
      repo,
      binaries,
      orgs,
      timings: { nodesReadyMs: 0, channelsJoinedMs: 0 },
      org(id) {
        const entry = orgs.get(id);
        if (entry === undefined) throw new Error(`no org ${id} in the test network`);
        return entry;
      },
      orderer(orgId) {
        const entry = [...orgs.values()].find(
          (o) => o.ordererHost !== undefined && (orgId === undefined || o.id === orgId),
        );
        if (entry?.ordererHost === undefined)
          throw new Error(`no orderer${orgId === undefined ? '' : ` of ${orgId}`} in the test network`);
        return { address: `${entry.ordererHost}:${INGRESS_PORT}`, tlsCaFile: entry.material.tlsCaCertFile };
      },
      adminEnv: (orgId) => cliFor(network.org(orgId)),
      run: (command, args, runOptions) => sandbox.run(command, args, runOptions),
      async peerHeight(orgId, channel) {
        const result = await sandbox.run(binaries.peer, ['channel', 'getinfo', '-c', channel], {
          env: cliFor(network.org(orgId)),
        });
        if (result.code !== 0) return undefined;
        const match = /"height":(\d+)/.exec(result.stdout + result.stderr);
        return match?.[1] === undefined ? undefined : Number(match[1]);
      },
      async waitForSameHeight(channel, orgIds, atLeast = 1) {
        let heights: (number | undefined)[] = [];
        await waitFor({
          what: `peers of ${orgIds.join(', ')} at the same height of ${channel} (>= ${atLeast})`,
          timeoutMs: 60_000,
          intervalMs: 500,
          check: async () => {
            heights = await Promise.all(orgIds.map((id) => network.peerHeight(id, channel)));
            const first = heights[0];
            return first !== undefined && first >= atLeast && heights.every((h) => h === first);
          },
          logTail: () => `heights: ${orgIds.map((id, i) => `${id}=${String(heights[i])}`).join(', ')}`,
        });
        return heights[0] ?? 0;
      },
      async fetchConfigBlock(channel, orgId) {
        const file = join(await mkdtemp(join(rootDir, 'fetch-')), 'config.block');
        const orderer = network.orderer();
        // Right after start (or a config change) the ordering service may still be electing a
        // Raft leader and answers SERVICE_UNAVAILABLE: ask again for a while before failing.
        const fetchOnce = () =>
          sandbox.run(
            binaries.peer,
            [
              'channel',
              'fetch',
              'config',
              file,
              '-o',
              orderer.address,
              '-c',
              channel,
              '--tls',
              '--cafile',
              orderer.tlsCaFile,
            ],
            { env: cliFor(network.org(orgId)) },
          );
        let result = await fetchOnce();
        for (
          let attempt = 0;
          result.code !== 0 && result.stderr.includes('SERVICE_UNAVAILABLE') && attempt < 60;
          attempt++
        ) {
          await new Promise((resolve) => setTimeout(resolve, 500));
          result = await fetchOnce();
        }
        if (result.code !== 0) throw new Error(`cannot fetch the config of ${channel}: ${result.stderr}`);
        return new Uint8Array(await readFile(file));
      },
      async startOrgPeer(orgId) {
        const org = (await loadModel(repo.dir)).orgs.find((o) => o.id === orgId);
        if (org === undefined) throw new Error(`orgs/${orgId} is not in the network's repository`);
        const entry = await prepareOrg(org, await readOrgPki(repo.dir, repo.keysRoot, org));
        await startPeer(entry);
        return entry;
      },
      async joinPeer(orgId, channel) {
        const block = join(repo.dir, 'channels', channel, 'genesis.block');
        const result = await sandbox.run(binaries.peer, ['channel', 'join', '-b', block], {
          env: cliFor(network.org(orgId)),
        });
        if (result.code !== 0) throw new Error(`peer of ${orgId} could not join ${channel}: ${result.stderr}`);
      },
      addHost: (hostname) => sandbox.addHost(hostname),
      startProcess(processOptions) {
        return launch(
          sandbox.start({
            ...processOptions,
            args: [...processOptions.args],
            logFile: join(rootDir, `${processOptions.name.replace(/[^A-Za-z0-9_.-]/g, '-')}.log`),
            cwd: rootDir,
          }),
        );
      },
      async stopPeer(orgId) {
        const proc = nodeProcs.get(network.org(orgId).peerHost);
        if (proc === undefined) throw new Error(`the peer of ${orgId} is not running`);
        await stopProcess(proc, 3_000);
        live.delete(proc);
        nodeProcs.delete(network.org(orgId).peerHost);
        writeState();
      },
      async startPeerAgain(orgId) {
        await startPeer(network.org(orgId));
      },
      stop: stopAll,
    };

    for (const org of model.orgs) await prepareOrg(org, await readOrgPki(repo.dir, repo.keysRoot, org));
    await Promise.all(
      [...orgs.values()].flatMap((entry) =>
        entry.ordererHost === undefined ? [] : [startOrderer(entry, entry.ordererHost)],
      ),
    );
    await Promise.all([...orgs.values()].map(startPeer));
    const nodesReadyMs = performance.now() - started;

    for (const channel of model.channels) {
      const block = join(repo.dir, 'channels', channel.name, 'genesis.block');
      for (const entry of orgs.values()) {
        if (entry.ordererHost === undefined) continue;
        const result = await sandbox.run(binaries.osnadmin, [
          'channel',
          'join',
          '--channelID',
          channel.name,
          '--config-block',
          block,
          ...osnadminFlags(entry),
        ]);
        if (result.code !== 0 || !/Status: 201/.test(result.stdout))
          throw new Error(`orderer of ${entry.id} could not join ${channel.name}: ${result.stdout}${result.stderr}`);
      }
    }
    for (const channel of model.channels) {
      for (const member of channel.members) await network.joinPeer(member, channel.name);
      await network.waitForSameHeight(channel.name, channel.members);
    }
    const channelsJoinedMs = performance.now() - started;
    return { ...network, timings: { nodesReadyMs, channelsJoinedMs } };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function tlsOf(repo: NetworkRepo, key: string) {
  const tls = repo.ordererTls.get(key);
  return tls === undefined ? {} : { tls };
}

export type { Sandbox };
