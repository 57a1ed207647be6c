// Runs a rendered Job's script against the native network: the container's command exactly as
// rendered, with the environment the Job sets, except that addresses and mounted paths are
// replaced by their counterparts in the test network (the in-cluster orderer Service becomes the
// orderer's loopback hostname, /var/hyperledger/... becomes the run's files).
import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { INGRESS_PORT } from '../../tools/src/model/endpoints.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import type { FabricNetwork } from './network.ts';
import type { RunResult } from './sandbox.ts';

interface JobContainer {
  readonly command: readonly string[];
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
}

export function jobContainer(job: KubeObject): JobContainer {
  const spec = job['spec'] as { template: { spec: { containers: JobContainer[] } } } | undefined;
  const container = spec?.template.spec.containers[0];
  if (container === undefined) throw new Error(`${job.kind} ${job.metadata.name} has no container`);
  return container;
}

export async function runRenderedJob(
  network: FabricNetwork,
  options: {
    readonly job: KubeObject;
    /** The org whose cluster runs the Job (its admin identity and peer). */
    readonly orgId: string;
    /** Files the Job mounts, by the env var naming them (ENVELOPE, GENESIS_BLOCK, PACKAGE_FILE). */
    readonly files?: Readonly<Record<string, string>>;
    readonly deadlineSeconds?: number;
    /** Variables set last, over the rendered and the network's (e.g. a peer that does not answer). */
    readonly env?: Readonly<Record<string, string>>;
  },
): Promise<RunResult> {
  const container = jobContainer(options.job);
  const [shell, flags, script] = container.command;
  if (shell === undefined || flags === undefined || script === undefined)
    throw new Error(`unexpected command of ${options.job.metadata.name}`);
  const rendered = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value ?? '']));
  // The member's own orderer when it runs one, as ordererTarget() chooses in the cluster.
  const orderer = network.orderer(network.org(options.orgId).ordererHost === undefined ? undefined : options.orgId);
  const workDir = await mkdtemp(join(network.rootDir, 'job-'));
  // The TLS roots ConfigMap: every org's TLS CA as <org id>.pem.
  const tlsRoots = join(workDir, 'tls-roots');
  await mkdir(tlsRoots);
  for (const org of network.orgs.values()) await copyFile(org.material.tlsCaCertFile, join(tlsRoots, `${org.id}.pem`));
  const peerEndpoint = (orgId: string) => `${network.org(orgId).peerHost}:${INGRESS_PORT}`;
  // "<org id>,<MSP ID>,<address>" entries (chaincode commit Jobs): each member's peer as it runs here.
  const memberPeers = (value: string | undefined) =>
    (value ?? '')
      .split(' ')
      .filter(Boolean)
      .map((entry) => {
        const [orgId = '', mspId = ''] = entry.split(',');
        return `${orgId},${mspId},${peerEndpoint(orgId)}`;
      })
      .join(' ');
  const env: Record<string, string> = {
    ...rendered,
    ...network.adminEnv(options.orgId),
    PATH: `${dirname(network.binaries.peer)}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
    HOME: workDir,
    WORK_DIR: workDir,
    ORDERER_ADDRESS: orderer.address,
    ORDERER_TLS_CA: orderer.tlsCaFile,
    DEADLINE_SECONDS: String(options.deadlineSeconds ?? 60),
    POLL_SECONDS: '1',
    ...('TLS_ROOTS' in rendered ? { TLS_ROOTS: tlsRoots } : {}),
    ...('PEER_ADDRESSES' in rendered ? { PEER_ADDRESSES: peerEndpoint(options.orgId) } : {}),
    ...('ENDORSING_PEERS' in rendered ? { ENDORSING_PEERS: memberPeers(rendered['ENDORSING_PEERS']) } : {}),
    ...('INIT_PEERS' in rendered ? { INIT_PEERS: memberPeers(rendered['INIT_PEERS']) } : {}),
    ...options.files,
    ...options.env,
  };
  for (const name of Object.keys(rendered)) {
    if (env[name]?.startsWith('/var/hyperledger/') === true)
      throw new Error(`${options.job.metadata.name}: ${name}=${env[name]} has no counterpart in the test network`);
  }
  return network.run(shell, [flags, script], { env, timeoutMs: ((options.deadlineSeconds ?? 60) + 60) * 1000 });
}
