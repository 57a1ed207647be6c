// The model of one channel, resolved into what configtxgen reads from a configtx.yaml profile
// (genesisconfig.Profile): organizations with the contents of their MSP folders, policies as rule
// text, the ordering service's consenters and settings. Everything the Fabric encoder
// (new-channel-group.ts) needs, and nothing from the file system: certificate contents come from
// the loaded model.
import type { Channel, ConsortiumModel, Organization } from '../../model/types.ts';
import { INGRESS_PORT, ordererEndpoint, ordererHost, peerHost } from '../../model/endpoints.ts';
import { parseByteSize } from './byte-size.ts';
import { ChannelConfigError } from './channel-config-error.ts';
import type { AnchorPeerAddress } from './config-values.ts';
import { DEFAULT_RAFT_OPTIONS, type RaftConsenter, type RaftOptions } from './etcdraft-metadata.ts';
import { formatGoDuration, parseGoDuration } from './go-duration.ts';
import { orgPolicyRules, type OrgPolicyRules } from './org-policies.ts';
import type { MspMaterial } from './verifying-msp-config.ts';

export interface OrgProfile {
  /** Key of the organization's group: its MSP ID, as the rendered configtx.yaml names it. */
  readonly name: string;
  readonly msp: MspMaterial;
  readonly policies: OrgPolicyRules;
  readonly ordererEndpoints: readonly string[];
  readonly anchorPeers: readonly AnchorPeerAddress[];
}

export interface OrdererProfile {
  readonly ordererType: 'etcdraft';
  /** Channel-wide orderer addresses: deprecated since Fabric 2.0, never set (orgs carry Endpoints). */
  readonly addresses: readonly string[];
  /** As Go's Duration.String() prints it. */
  readonly batchTimeout: string;
  readonly batchSize: {
    readonly maxMessageCount: number;
    readonly absoluteMaxBytes: number;
    readonly preferredMaxBytes: number;
  };
  readonly maxChannels: number;
  readonly consenters: readonly RaftConsenter[];
  readonly options: RaftOptions;
  readonly organizations: readonly OrgProfile[];
  readonly policies: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
}

export interface ApplicationProfile {
  readonly organizations: readonly OrgProfile[];
  readonly policies: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  /** Empty: the channel keeps Fabric's default ACLs (the peer's built-in policy references). */
  readonly acls: Readonly<Record<string, string>>;
}

export interface ChannelProfile {
  readonly policies: Readonly<Record<string, string>>;
  readonly capabilities: readonly string[];
  readonly orderer: OrdererProfile;
  readonly application: ApplicationProfile;
}

/** The channel group's and the Orderer group's own policies, as the project's profiles set them. */
export const CHANNEL_POLICY_RULES = { Readers: 'ANY Readers', Writers: 'ANY Writers', Admins: 'MAJORITY Admins' };
export const ORDERER_POLICY_RULES = { ...CHANNEL_POLICY_RULES, BlockValidation: 'ANY Writers' };

/** Code-unit order, locale-independent (the same order render uses). */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const encoder = new TextEncoder();

/**
 * A certificate file's bytes as the rendered MSP folder holds them: the committed PEM text, ending
 * in a newline (render writes it so; Fabric stores the file contents as they are).
 */
export function certificateFileBytes(model: ConsortiumModel, path: string, what: string): Uint8Array {
  const text = model.files.find((f) => f.path === path)?.text;
  if (text === undefined) throw new ChannelConfigError(`${what}: ${path} is missing or not a text file`);
  return encoder.encode(text.endsWith('\n') ? text : `${text}\n`);
}

function mspMaterial(model: ConsortiumModel, org: Organization): MspMaterial {
  const ca = certificateFileBytes(model, org.msp.caCert, `CA certificate of org "${org.id}"`);
  return {
    mspId: org.mspId,
    rootCerts: [ca],
    intermediateCerts: [],
    admins: [],
    tlsRootCerts: [certificateFileBytes(model, org.msp.tlsCaCert, `TLS CA certificate of org "${org.id}"`)],
    tlsIntermediateCerts: [],
    nodeOus: { certificate: ca },
  };
}

interface ConsenterRef {
  readonly org: Organization;
  readonly orderer: Organization['orderers'][number];
}

function resolveConsenters(model: ConsortiumModel): ConsenterRef[] {
  const consortium = model.consortium;
  if (consortium === undefined) throw new ChannelConfigError('consortium/consortium.yaml is missing or invalid');
  const refs = consortium.ordering.consenters.map((ref) => {
    const org = model.orgs.find((o) => o.id === ref.org);
    const orderer = org?.orderers.find((o) => o.name === ref.orderer);
    if (org === undefined || orderer === undefined) {
      throw new ChannelConfigError(`consenter ${ref.org}/${ref.orderer} names an orderer that does not exist`);
    }
    return { org, orderer };
  });
  return refs.sort((a, b) => compare(a.org.id, b.org.id) || compare(a.orderer.name, b.orderer.name));
}

function orgProfile(
  model: ConsortiumModel,
  org: Organization,
  channel: Channel,
  consenters: readonly ConsenterRef[],
): OrgProfile {
  const member = channel.members.includes(org.id);
  const anchorPeers = member
    ? channel.anchorPeers
        .filter((a) => a.org === org.id)
        .sort((a, b) => compare(a.peer, b.peer))
        .flatMap((a) => org.peers.filter((p) => p.name === a.peer))
        .map((peer) => ({ host: peerHost(org, peer), port: INGRESS_PORT }))
    : [];
  return {
    name: org.mspId,
    msp: mspMaterial(model, org),
    policies: orgPolicyRules(org.mspId, { member }),
    ordererEndpoints: consenters.filter((c) => c.org.id === org.id).map((c) => ordererEndpoint(c.org, c.orderer)),
    anchorPeers,
  };
}

function raftConsenter(model: ConsortiumModel, { org, orderer }: ConsenterRef): RaftConsenter {
  if (orderer.tlsCert === undefined) {
    throw new ChannelConfigError(
      `orderer "${orderer.name}" of org "${org.id}" is a consenter without a tlsCert in orgs/${org.id}/org.yaml: ` +
        'commit its public TLS certificate before the channel configuration can be built',
    );
  }
  const cert = certificateFileBytes(model, orderer.tlsCert, `TLS certificate of consenter ${org.id}/${orderer.name}`);
  return { host: ordererHost(org, orderer), port: INGRESS_PORT, clientTlsCert: cert, serverTlsCert: cert };
}

function byteSize(text: string, what: string): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined) throw new ChannelConfigError(`${what} "${text}" is not a byte size Fabric accepts`);
  return bytes;
}

/** The profile configtxgen would read for this channel from the project's configtx.yaml. */
export function channelProfile(model: ConsortiumModel, channelName: string): ChannelProfile {
  const channel = model.channels.find((c) => c.name === channelName);
  if (channel === undefined) throw new ChannelConfigError(`channel "${channelName}" is not in the model`);
  const consenters = resolveConsenters(model);
  const { batch } = (model.consortium as NonNullable<ConsortiumModel['consortium']>).ordering;
  const orgById = (id: string): Organization => {
    const org = model.orgs.find((o) => o.id === id);
    if (org === undefined)
      throw new ChannelConfigError(`channel "${channel.name}" names org "${id}", which does not exist`);
    return org;
  };
  const ordererOrgIds = [...new Set(consenters.map((c) => c.org.id))].sort(compare);
  const memberIds = [...new Set(channel.members)].sort(compare);
  const timeout = parseGoDuration(batch.timeout);
  if (timeout === undefined || timeout <= 0n) {
    throw new ChannelConfigError(`batch timeout "${batch.timeout}" is not a positive Go duration`);
  }
  return {
    policies: CHANNEL_POLICY_RULES,
    capabilities: [channel.capabilities.channel],
    orderer: {
      ordererType: 'etcdraft',
      addresses: [],
      batchTimeout: formatGoDuration(timeout),
      batchSize: {
        maxMessageCount: batch.maxMessageCount,
        absoluteMaxBytes: byteSize(batch.absoluteMaxBytes, 'absoluteMaxBytes'),
        preferredMaxBytes: byteSize(batch.preferredMaxBytes, 'preferredMaxBytes'),
      },
      maxChannels: 0,
      consenters: consenters.map((c) => raftConsenter(model, c)),
      options: DEFAULT_RAFT_OPTIONS,
      organizations: ordererOrgIds.map((id) => orgProfile(model, orgById(id), channel, consenters)),
      policies: ORDERER_POLICY_RULES,
      capabilities: [channel.capabilities.orderer],
    },
    application: {
      organizations: memberIds.map((id) => orgProfile(model, orgById(id), channel, consenters)),
      policies: { ...channel.policies },
      capabilities: [channel.capabilities.application],
      acls: {},
    },
  };
}
