// One-shot Fabric administration as Kubernetes Jobs, run with the org admin's identity: joining the
// org's orderers (osnadmin, channel participation API) and peers to their channels. Every script
// first checks whether its work is already done, so a re-run is harmless. Names carry a hash of the
// pod template (content-hash.ts).
import type { Channel, Orderer, Peer } from '../model/types.ts';
import { ordererResourceName, peerResourceName, toDnsLabel } from '../model/resource-names.ts';
import { LEDGER_POLL_SECONDS, LEDGER_WAIT_SECONDS, ledgerScriptEnv } from './channel-update-jobs.ts';
import { hashedNameWithText, TEXT_SLOT } from './content-hash.ts';
import { metaFor, type MemberContext } from './context.ts';
import { standardLabels, type Component } from './labels.ts';
import { joinOrdererScript, joinPeerWhenMemberScript } from './ledger-scripts.ts';
import { mspConfigMapName, mspVolume, TLS_ROOTS_CONFIGMAP } from './msp-config.ts';
import { shared, sharedBy } from './shared-value.ts';
import { peerAddress } from './peer.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, podDefaults, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { adminMspSecret, adminTlsSecret, genesisConfigMap } from './secret-names.ts';
import { serviceHost } from './services.ts';
import type { JsonObject, KubeObject } from './types.ts';
import { enrolledSecretVolume } from './workload.ts';

export const JOB_APP = 'fabric-admin-job';
export const TLS_ROOTS_DIR = '/var/hyperledger/tls-roots';
const ADMIN_MSP_DIR = '/var/hyperledger/admin/msp';
const ADMIN_TLS_DIR = '/var/hyperledger/admin/tls';
const GENESIS_DIR = '/var/hyperledger/genesis';

export interface JobInput {
  readonly base: string;
  readonly component: Extract<Component, 'channel-join' | 'channel-update' | 'chaincode-lifecycle'>;
  readonly channel: string;
  readonly chaincode?: string;
  readonly script: string;
  readonly env: readonly JsonObject[];
  readonly extraVolumes?: readonly JsonObject[];
  readonly extraMounts?: readonly JsonObject[];
  readonly backoffLimit: number;
}

const adminPeerEnvs = new Map<string, JsonObject[]>();
/**
 * Environment of the peer CLI acting as the org admin against `address`: the same entries in every
 * Job of a member (shared-value.ts).
 */
export function adminPeerEnv(ctx: MemberContext, address: string): readonly JsonObject[] {
  const { id, mspId } = ctx.org;
  return sharedBy(adminPeerEnvs, `${id} ${mspId} ${address}`, () => [
    { name: 'CORE_PEER_LOCALMSPID', value: mspId },
    { name: 'CORE_PEER_MSPCONFIGPATH', value: ADMIN_MSP_DIR },
    { name: 'CORE_PEER_TLS_ENABLED', value: 'true' },
    { name: 'CORE_PEER_TLS_ROOTCERT_FILE', value: `${TLS_ROOTS_DIR}/${id}.pem` },
    { name: 'CORE_PEER_ADDRESS', value: address },
  ]);
}

const HOME_ENV = shared({ name: 'HOME', value: '/work' });

// Every admin Job mounts these (shared-value.ts: one instance, written once).
const ADMIN_MOUNTS: readonly JsonObject[] = [
  shared({ name: 'admin-msp', mountPath: ADMIN_MSP_DIR, readOnly: true }),
  shared({ name: 'admin-tls', mountPath: ADMIN_TLS_DIR, readOnly: true }),
  shared({ name: 'tls-roots', mountPath: TLS_ROOTS_DIR, readOnly: true }),
];
const SCRATCH_MOUNTS: readonly JsonObject[] = [
  shared({ name: 'work', mountPath: '/work' }),
  shared({ name: 'tmp', mountPath: '/tmp' }),
];
const TLS_ROOTS_VOLUME = shared({ name: 'tls-roots', configMap: { name: TLS_ROOTS_CONFIGMAP } });

const adminVolumeSets = new Map<string, JsonObject[]>();
/** The admin's MSP and TLS pair and the TLS roots, as volumes: the same in every Job of a member. */
function adminVolumes(ctx: MemberContext): readonly JsonObject[] {
  const msp = adminMspSecret(ctx.org);
  const tls = adminTlsSecret(ctx.org);
  return sharedBy(adminVolumeSets, `${mspConfigMapName(ctx.org)} ${msp} ${tls}`, () => [
    mspVolume(ctx, 'admin-msp', msp),
    enrolledSecretVolume('admin-tls', tls, ['tls.crt', 'tls.key']),
    TLS_ROOTS_VOLUME,
  ]);
}

export function renderJob(ctx: MemberContext, input: JobInput): KubeObject {
  const scope = { channel: input.channel, ...(input.chaincode === undefined ? {} : { chaincode: input.chaincode }) };
  // The script is hashed through a slot: the same few scripts recur in thousands of Jobs.
  const command = ['/bin/sh', '-ec', TEXT_SLOT];
  const podSpec: JsonObject = {
    ...podDefaults(FABRIC_UID),
    restartPolicy: 'Never',
    containers: [
      {
        name: 'admin',
        image: ctx.consortium.fabric.images.tools,
        command,
        env: [HOME_ENV, ...input.env],
        workingDir: '/work',
        resources: resources(workloadSizes(ctx.org, 'job')),
        securityContext: containerSecurityContext(),
        volumeMounts: [...ADMIN_MOUNTS, ...(input.extraMounts ?? []), ...SCRATCH_MOUNTS],
      },
    ],
    volumes: [...adminVolumes(ctx), ...(input.extraVolumes ?? []), emptyDirVolume('work'), emptyDirVolume('tmp')],
  };
  const name = hashedNameWithText(input.base, { backoffLimit: input.backoffLimit, podSpec }, input.script);
  command[2] = input.script;
  const labelInput = {
    consortium: ctx.consortium.name,
    org: ctx.org.id,
    name: JOB_APP,
    instance: input.base,
    component: input.component,
    ...scope,
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metaFor(ctx, {
      objectName: name,
      name: JOB_APP,
      instance: input.base,
      component: input.component,
      ...scope,
    }),
    spec: {
      backoffLimit: input.backoffLimit,
      template: { metadata: { labels: standardLabels(labelInput) }, spec: podSpec },
    },
  };
}

const genesisVolumes = new Map<string, JsonObject>();
const GENESIS_MOUNT = shared({ name: 'genesis', mountPath: GENESIS_DIR, readOnly: true });

/**
 * The channel's genesis ConfigMap as a volume: a pod whose ConfigMap volume is missing waits
 * without failing, so a Job that needs the channel to exist does not burn its back-off limit (and
 * fail for good under a name that never changes) before the genesis block is handed out.
 */
export function genesisGate(channel: string): Pick<JobInput, 'extraVolumes' | 'extraMounts'> {
  return {
    extraVolumes: [
      sharedBy(genesisVolumes, channel, () => ({ name: 'genesis', configMap: { name: genesisConfigMap(channel) } })),
    ],
    extraMounts: [GENESIS_MOUNT],
  };
}

/** A Job that joins `service` (an orderer or peer) to the channel from its genesis block, once. */
function renderJoinJob(
  ctx: MemberContext,
  input: { service: string; channel: Channel; script: string; env: readonly JsonObject[] },
): KubeObject {
  return renderJob(ctx, {
    base: `${input.service}-join-${toDnsLabel(input.channel.name)}`,
    component: 'channel-join',
    channel: input.channel.name,
    script: input.script,
    env: [{ name: 'CHANNEL', value: input.channel.name }, ...input.env],
    ...genesisGate(input.channel.name),
    backoffLimit: 10,
  });
}

export function renderOrdererJoinJob(ctx: MemberContext, orderer: Orderer, channel: Channel): KubeObject {
  const service = ordererResourceName(ctx.org, orderer);
  // Waits for the orderer's admin endpoint with a deadline (ledger-scripts.ts): a Job that starts
  // before its orderer is up must not spend its back-off limit and stay failed.
  const env = [
    { name: 'OSN_ADMIN_ADDRESS', value: `${serviceHost(ctx, service)}:${PORTS.ordererAdmin}` },
    { name: 'OSN_TLS_CA', value: `${TLS_ROOTS_DIR}/${ctx.org.id}.pem` },
    { name: 'ADMIN_TLS_CERT', value: `${ADMIN_TLS_DIR}/tls.crt` },
    { name: 'ADMIN_TLS_KEY', value: `${ADMIN_TLS_DIR}/tls.key` },
    { name: 'GENESIS_BLOCK', value: `${GENESIS_DIR}/genesis.block` },
    { name: 'WORK_DIR', value: '/work' },
    { name: 'DEADLINE_SECONDS', value: String(LEDGER_WAIT_SECONDS) },
    { name: 'POLL_SECONDS', value: String(LEDGER_POLL_SECONDS) },
  ];
  return renderJoinJob(ctx, { service, channel, script: joinOrdererScript(), env });
}

export function renderPeerJoinJob(ctx: MemberContext, peer: Peer, channel: Channel): KubeObject {
  const service = peerResourceName(ctx.org, peer);
  // Waits until the ledger config contains this org (ledger-scripts.ts): the Job of an org whose
  // addition is still being submitted must not join early, nor fail for good.
  const env = [
    ...ledgerScriptEnv(ctx, channel.name).filter((e) => e['name'] !== 'CHANNEL'),
    { name: 'GENESIS_BLOCK', value: `${GENESIS_DIR}/genesis.block` },
    ...adminPeerEnv(ctx, peerAddress(ctx, peer)),
  ];
  return renderJoinJob(ctx, { service, channel, script: joinPeerWhenMemberScript(), env });
}

/** One at a time: a consenter has a Job per channel of the consortium (see renderMember). */
export function* renderChannelJoinJobs(ctx: MemberContext): Generator<KubeObject> {
  for (const orderer of ctx.ownConsenters)
    for (const channel of ctx.allChannels) yield renderOrdererJoinJob(ctx, orderer, channel);
  for (const peer of ctx.org.peers) for (const channel of ctx.channels) yield renderPeerJoinJob(ctx, peer, channel);
}
