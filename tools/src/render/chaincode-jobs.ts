// Chaincode lifecycle Jobs. Every channel member approves each chaincode definition for its org
// (installing the CCaaS package first on its peers when it runs the chaincode), and every member
// with peers renders the commit Job too: whichever runs first commits once the approvals satisfy
// LifecycleEndorsement, the others find the sequence committed, so no single member's outage
// blocks a commit. The scripts are in chaincode-scripts.ts. The Job name hashes the definition, so
// sequence 2 is a new Job next to (then instead of) sequence 1's.
import type { Channel, Chaincode } from '../model/types.ts';
import { peerEndpoint } from '../model/endpoints.ts';
import { chaincodeResourceName } from '../model/resource-names.ts';
import { InternalError } from '../errors.ts';
import { chaincodePackage, packageConfigMapName } from './chaincode.ts';
import { orgOf, type MemberContext } from './context.ts';
import { endorsementPolicyArgument, type EndorsementPolicyArgument } from './endorsement-policy.ts';
import { adminPeerEnv, genesisGate, renderJob, TLS_ROOTS_DIR } from './jobs.ts';
import { ledgerScriptEnv } from './channel-update-jobs.ts';
import { shared } from './shared-value.ts';
import { approveScript, commitScript, initLines } from './chaincode-scripts.ts';
import { peerAddress } from './peer.ts';
import type { JsonObject, KubeObject } from './types.ts';

const PACKAGE_DIR = '/var/hyperledger/package';
const PACKAGE_FILE_ENV = shared({ name: 'PACKAGE_FILE', value: `${PACKAGE_DIR}/package.tar.gz` });

/** The endorsement policy argument, or undefined when the channel's Endorsement policy applies. */
function policyArgument(channel: Channel, cc: Chaincode): EndorsementPolicyArgument | undefined {
  if (cc.endorsementPolicy === undefined) return undefined;
  if (channel.name !== cc.channel)
    throw new InternalError(`chaincode ${cc.name} of channel ${cc.channel} rendered for channel ${channel.name}`);
  return endorsementPolicyArgument(channel, cc, cc.endorsementPolicy);
}

/**
 * What every org's approval and the commit must agree on: the peer CLI's flags and their
 * environment. Worked out once per chaincode for both Jobs.
 */
interface Definition {
  readonly flags: string;
  readonly env: readonly JsonObject[];
}

function chaincodeDefinition(ctx: MemberContext, channel: Channel, cc: Chaincode): Definition {
  const policy = policyArgument(channel, cc);
  return { flags: definitionFlags(cc, policy), env: definitionEnv(ctx, cc, policy) };
}

/** Flags that must be identical in every org's approval and in the commit. */
function definitionFlags(cc: Chaincode, policy: EndorsementPolicyArgument | undefined): string {
  const flags = ['--channelID "$CHANNEL"', '--name "$CC_NAME"', '--version "$CC_VERSION"', '--sequence "$CC_SEQUENCE"'];
  if (policy !== undefined) flags.push(`${policy.flag} "$CC_ENDORSEMENT_POLICY"`);
  if (cc.initRequired) flags.push('--init-required');
  if (cc.collections.length > 0) flags.push('--collections-config "$WORK_DIR/collections.json"');
  return flags.join(' ');
}

function definitionEnv(ctx: MemberContext, cc: Chaincode, policy: EndorsementPolicyArgument | undefined): JsonObject[] {
  // The channel and ordering service as the ledger scripts have them (shared entries), the
  // chaincode's own between them.
  const ledger = ledgerScriptEnv(ctx, cc.channel);
  const env: JsonObject[] = [
    ...ledger.slice(0, 1),
    { name: 'CC_NAME', value: cc.name },
    { name: 'CC_VERSION', value: cc.version },
    { name: 'CC_SEQUENCE', value: String(cc.sequence) },
    ...ledger.slice(1),
  ];
  if (policy !== undefined) env.push({ name: 'CC_ENDORSEMENT_POLICY', value: policy.value });
  if (cc.collections.length > 0) env.push({ name: 'CC_COLLECTIONS', value: JSON.stringify(collectionsConfig(cc)) });
  return env;
}

/** Fabric's collections_config.json shape. */
function collectionsConfig(cc: Chaincode): JsonObject[] {
  return cc.collections.map((c) => ({
    name: c.name,
    policy: c.policy,
    requiredPeerCount: c.requiredPeerCount,
    maxPeerCount: c.maxPeerCount,
    blockToLive: c.blockToLive,
    memberOnlyRead: c.memberOnlyRead,
    memberOnlyWrite: c.memberOnlyWrite,
  }));
}

function renderApproveJob(ctx: MemberContext, cc: Chaincode, definition: Definition): KubeObject {
  const firstPeer = ctx.org.peers[0];
  const installs = cc.installedOn.includes(ctx.org.id) && firstPeer !== undefined;
  const env = [...definition.env];
  if (installs) {
    env.push({ name: 'PACKAGE_ID', value: chaincodePackage(ctx, cc).packageId }, PACKAGE_FILE_ENV, {
      name: 'PEER_ADDRESSES',
      value: ctx.org.peers.map((p) => peerAddress(ctx, p)).join(' '),
    });
  }
  const gate = genesisGate(cc.channel);
  return renderJob(ctx, {
    base: `${chaincodeResourceName(cc)}-approve`,
    component: 'chaincode-lifecycle',
    channel: cc.channel,
    chaincode: cc.name,
    script: approveScript({
      installs,
      collections: cc.collections.length > 0,
      definitionFlags: definition.flags,
    }),
    env: [...env, ...adminPeerEnv(ctx, firstPeer === undefined ? '' : peerAddress(ctx, firstPeer))],
    // Wait for the channel (its genesis ConfigMap) before counting failures; see genesisGate.
    extraVolumes: [
      ...(gate.extraVolumes ?? []),
      ...(installs ? [{ name: 'package', configMap: { name: packageConfigMapName(cc) } }] : []),
    ],
    extraMounts: [
      ...(gate.extraMounts ?? []),
      ...(installs ? [{ name: 'package', mountPath: PACKAGE_DIR, readOnly: true }] : []),
    ],
    // The script waits for the peers, the channel and the ordering service itself, up to its deadline.
    backoffLimit: 2,
  });
}

/**
 * One peer per member as "<org id>,<MSP ID>,<host:port>": this org's first peer in-cluster, the
 * anchor peer (or first peer) of every other member through its ingress. With `only`, those members.
 */
function memberPeers(ctx: MemberContext, channel: Channel, only?: readonly string[]): string {
  const entries: string[] = [];
  for (const id of channel.members) {
    if (only !== undefined && !only.includes(id)) continue;
    const org = orgOf(ctx, id);
    const anchor = channel.anchorPeers.find((a) => a.org === id);
    const peer = org.peers.find((p) => p.name === anchor?.peer) ?? org.peers[0];
    if (peer === undefined) continue;
    const address = id === ctx.org.id ? peerAddress(ctx, peer) : peerEndpoint(org, peer);
    entries.push(`${id},${org.mspId},${address}`);
  }
  return entries.join(' ');
}

/**
 * How many approving members' endorsements the channel's LifecycleEndorsement needs: ANY, MAJORITY
 * or ALL of the members for an ImplicitMeta policy. For a signature policy, 1: the commit is tried
 * with every approving member that answers, and Fabric's validation decides.
 */
// Fabric: common/policies/implicitmeta.go NewImplicitMetaPolicy
export function commitQuorum(channel: Channel): number {
  const match = /^(ANY|ALL|MAJORITY) /.exec(channel.policies.LifecycleEndorsement);
  const n = channel.members.length;
  if (match?.[1] === 'ALL') return n;
  if (match?.[1] === 'MAJORITY') return Math.floor(n / 2) + 1;
  return Math.min(1, n);
}

/** What a commit Job needs of its channel, the same for each of the channel's chaincodes. */
interface CommitChannel {
  readonly channel: Channel;
  /** ENDORSING_PEERS (memberPeers of the whole channel), TLS_ROOTS and COMMIT_QUORUM, shared. */
  readonly env: readonly JsonObject[];
}

function commitChannel(ctx: MemberContext, channel: Channel): CommitChannel {
  return {
    channel,
    env: shared([
      { name: 'ENDORSING_PEERS', value: memberPeers(ctx, channel) },
      TLS_ROOTS_ENV,
      { name: 'COMMIT_QUORUM', value: String(commitQuorum(channel)) },
    ]),
  };
}
const TLS_ROOTS_ENV = shared({ name: 'TLS_ROOTS', value: TLS_ROOTS_DIR });

function renderCommitJob(ctx: MemberContext, target: CommitChannel, cc: Chaincode, definition: Definition): KubeObject {
  const { channel } = target;
  const firstPeer = ctx.org.peers[0];
  const init = cc.initRequired ? cc.init : undefined;
  const initEnv =
    init === undefined
      ? []
      : [
          { name: 'CC_INIT_ARGS', value: JSON.stringify({ Args: [init.function, ...init.args] }) },
          { name: 'INIT_PEERS', value: memberPeers(ctx, channel, cc.installedOn) },
        ];
  return renderJob(ctx, {
    base: `${chaincodeResourceName(cc)}-commit`,
    component: 'chaincode-lifecycle',
    channel: cc.channel,
    chaincode: cc.name,
    // A Job restarted between the commit and Init still makes the Init call.
    script: commitScript({
      collections: cc.collections.length > 0,
      definitionFlags: definition.flags,
      afterCommit: init === undefined ? [] : initLines(),
    }),
    env: [
      ...definition.env,
      ...target.env,
      ...initEnv,
      ...adminPeerEnv(ctx, firstPeer === undefined ? '' : peerAddress(ctx, firstPeer)),
    ],
    ...genesisGate(cc.channel),
    // The script waits for the other members' approvals itself, up to its deadline.
    backoffLimit: 2,
  });
}

/**
 * Every member with peers approves and can commit each chaincode of its channels. One Job at a
 * time: they are most of a member's objects (see renderMember).
 */
export function* renderChaincodeLifecycleJobs(ctx: MemberContext): Generator<KubeObject> {
  if (ctx.org.peers.length === 0) return;
  for (const channel of ctx.channels) {
    const target = commitChannel(ctx, channel);
    for (const cc of channel.chaincodes) {
      const definition = chaincodeDefinition(ctx, channel, cc);
      yield renderApproveJob(ctx, cc, definition);
      yield renderCommitJob(ctx, target, cc, definition);
    }
  }
}
