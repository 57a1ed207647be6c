// Chaincode lifecycle Jobs. Every channel member approves each chaincode definition for its org
// (installing the CCaaS package first on its peers when it runs the chaincode); one member, the
// channel's first by org id, commits it once the approvals satisfy LifecycleEndorsement. The Job
// name hashes the definition, so sequence 2 is a new Job next to (then instead of) sequence 1's.
import type { Channel, Chaincode } from '../model/types.ts';
import { peerEndpoint } from '../model/endpoints.ts';
import { chaincodeResourceName } from '../model/resource-names.ts';
import { InternalError } from '../errors.ts';
import { chaincodePackage, packageConfigMapName } from './chaincode.ts';
import { orgOf, type MemberContext } from './context.ts';
import { endorsementPolicyArgument, type EndorsementPolicyArgument } from './endorsement-policy.ts';
import { adminPeerEnv, genesisGate, renderJob, TLS_ROOTS_DIR } from './jobs.ts';
import { ordererTarget } from './orderer-target.ts';
import { peerAddress } from './peer.ts';
import type { JsonObject, KubeObject } from './types.ts';

const PACKAGE_DIR = '/var/hyperledger/package';

/** The endorsement policy argument, or undefined when the channel's Endorsement policy applies. */
function policyArgument(ctx: MemberContext, cc: Chaincode): EndorsementPolicyArgument | undefined {
  if (cc.endorsementPolicy === undefined) return undefined;
  const channel = ctx.allChannels.find((c) => c.name === cc.channel);
  if (channel === undefined) throw new InternalError(`chaincode ${cc.name} names unknown channel ${cc.channel}`);
  return endorsementPolicyArgument(channel, cc, cc.endorsementPolicy);
}

/** Flags that must be identical in every org's approval and in the commit. */
function definitionFlags(ctx: MemberContext, cc: Chaincode): string {
  const flags = ['--channelID "$CHANNEL"', '--name "$CC_NAME"', '--version "$CC_VERSION"', '--sequence "$CC_SEQUENCE"'];
  const policy = policyArgument(ctx, cc);
  if (policy !== undefined) flags.push(`${policy.flag} "$CC_ENDORSEMENT_POLICY"`);
  if (cc.initRequired) flags.push('--init-required');
  if (cc.collections.length > 0) flags.push('--collections-config /work/collections.json');
  return flags.join(' ');
}

function definitionEnv(ctx: MemberContext, cc: Chaincode): JsonObject[] {
  const target = ordererTarget(ctx);
  const env: JsonObject[] = [
    { name: 'CHANNEL', value: cc.channel },
    { name: 'CC_NAME', value: cc.name },
    { name: 'CC_VERSION', value: cc.version },
    { name: 'CC_SEQUENCE', value: String(cc.sequence) },
    { name: 'ORDERER_ADDRESS', value: target.address },
    { name: 'ORDERER_CA', value: `${TLS_ROOTS_DIR}/${target.orgId}.pem` },
  ];
  const policy = policyArgument(ctx, cc);
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

const writeCollections = (cc: Chaincode): string[] =>
  cc.collections.length > 0 ? ['printf "%s" "$CC_COLLECTIONS" > /work/collections.json'] : [];
const ordererFlags = '-o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_CA"';
const committedCheck =
  'peer lifecycle chaincode querycommitted --channelID "$CHANNEL" --name "$CC_NAME" --output json 2>/dev/null | grep -Eq "\\"sequence\\": *$CC_SEQUENCE[^0-9]"';

export function renderApproveJob(ctx: MemberContext, cc: Chaincode): KubeObject {
  const installed = cc.installedOn.includes(ctx.org.id);
  const firstPeer = ctx.org.peers[0];
  const lines: string[] = [...writeCollections(cc)];
  const env = definitionEnv(ctx, cc);
  if (installed && firstPeer !== undefined) {
    const pkg = chaincodePackage(ctx, cc);
    env.push({ name: 'PACKAGE_ID', value: pkg.packageId });
    for (const peer of ctx.org.peers) {
      const address = peerAddress(ctx, peer);
      lines.push(
        `if ! CORE_PEER_ADDRESS="${address}" peer lifecycle chaincode queryinstalled --output json | grep -q "$PACKAGE_ID"; then`,
        `  CORE_PEER_ADDRESS="${address}" peer lifecycle chaincode install "${PACKAGE_DIR}/package.tar.gz"`,
        'fi',
      );
    }
  }
  const packageFlag = installed ? ' --package-id "$PACKAGE_ID"' : '';
  const queryApproved =
    'peer lifecycle chaincode queryapproved --channelID "$CHANNEL" --name "$CC_NAME" --sequence "$CC_SEQUENCE"';
  if (installed) {
    // Done only when this org's approval names this package: an org that starts running the
    // chaincode after the definition was committed (or approved without a package) approves the same
    // sequence again with its package ID, which Fabric accepts when the other parameters are unchanged.
    lines.push(
      `if ${queryApproved} --output json 2>/dev/null | grep -q "$PACKAGE_ID"; then`,
      '  echo "sequence $CC_SEQUENCE of $CC_NAME is already approved with $PACKAGE_ID"; exit 0',
      'fi',
    );
  } else {
    lines.push(
      `if ${committedCheck}; then`,
      '  echo "sequence $CC_SEQUENCE of $CC_NAME is already committed on $CHANNEL"; exit 0',
      'fi',
      `if ${queryApproved} >/dev/null 2>&1; then`,
      '  echo "sequence $CC_SEQUENCE of $CC_NAME is already approved"; exit 0',
      'fi',
    );
  }
  lines.push(`peer lifecycle chaincode approveformyorg ${ordererFlags} ${definitionFlags(ctx, cc)}${packageFlag}`);
  const usesPackage = installed && firstPeer !== undefined;
  const gate = genesisGate(cc.channel);
  return renderJob(ctx, {
    base: `${chaincodeResourceName(cc)}-approve`,
    component: 'chaincode-lifecycle',
    channel: cc.channel,
    chaincode: cc.name,
    script: lines.join('\n'),
    env: [...env, ...adminPeerEnv(ctx, firstPeer === undefined ? '' : peerAddress(ctx, firstPeer))],
    // Wait for the channel (its genesis ConfigMap) before counting failures; see genesisGate.
    extraVolumes: [
      ...(gate.extraVolumes ?? []),
      ...(usesPackage ? [{ name: 'package', configMap: { name: packageConfigMapName(cc) } }] : []),
    ],
    extraMounts: [
      ...(gate.extraMounts ?? []),
      ...(usesPackage ? [{ name: 'package', mountPath: PACKAGE_DIR, readOnly: true }] : []),
    ],
    // Once the channel exists, an approval waits only for this org's peers to join it (their join
    // Jobs start with the same ConfigMap) and for the ordering service: about half an hour of retries.
    backoffLimit: 10,
  });
}

/**
 * Endorsing peers for the commit: this org's first peer in-cluster, one peer of every other member
 * through its ingress. For the Init invocation (`only`), the members that run the chaincode.
 */
function commitPeerFlags(ctx: MemberContext, channel: Channel, only?: readonly string[]): string {
  const flags: string[] = [];
  for (const id of channel.members) {
    if (only !== undefined && !only.includes(id)) continue;
    const org = orgOf(ctx, id);
    const anchor = channel.anchorPeers.find((a) => a.org === id);
    const peer = org.peers.find((p) => p.name === anchor?.peer) ?? org.peers[0];
    if (peer === undefined) continue;
    const address = id === ctx.org.id ? peerAddress(ctx, peer) : peerEndpoint(org, peer);
    flags.push(`--peerAddresses "${address}" --tlsRootCertFiles "${TLS_ROOTS_DIR}/${id}.pem"`);
  }
  return flags.join(' ');
}

/**
 * The Init call of a chaincode that requires one, made once after the commit. Fabric refuses a
 * second one with "chaincode '<name>' is already initialized but called as init": that is done.
 */
// Fabric: core/chaincode/chaincode_support.go CheckInvocation
function initLines(ctx: MemberContext, channel: Channel, cc: Chaincode): string[] {
  return [
    `if out=$(peer chaincode invoke ${ordererFlags} -C "$CHANNEL" -n "$CC_NAME" --isInit -c "$CC_INIT_ARGS" --waitForEvent ${commitPeerFlags(ctx, channel, cc.installedOn)} 2>&1); then`,
    '  printf "%s\n" "$out"; echo "Init of $CC_NAME invoked on $CHANNEL"',
    'elif printf "%s" "$out" | grep -q "is already initialized but called as init"; then',
    '  echo "$CC_NAME is already initialized on $CHANNEL"',
    'else',
    '  printf "%s\n" "$out" >&2; exit 1',
    'fi',
  ];
}

export function renderCommitJob(ctx: MemberContext, channel: Channel, cc: Chaincode): KubeObject {
  const firstPeer = ctx.org.peers[0];
  const readiness = `peer lifecycle chaincode checkcommitreadiness ${definitionFlags(ctx, cc)} --output json`;
  const commit = `peer lifecycle chaincode commit ${ordererFlags} ${definitionFlags(ctx, cc)} ${commitPeerFlags(ctx, channel)}`;
  const init = cc.initRequired ? cc.init : undefined;
  const lines =
    init === undefined
      ? [
          ...writeCollections(cc),
          `if ${committedCheck}; then`,
          '  echo "sequence $CC_SEQUENCE of $CC_NAME is already committed on $CHANNEL"; exit 0',
          'fi',
          readiness,
          commit,
        ]
      : [
          // A Job restarted between the commit and Init must still make the Init call.
          ...writeCollections(cc),
          `if ${committedCheck}; then`,
          '  echo "sequence $CC_SEQUENCE of $CC_NAME is already committed on $CHANNEL"',
          'else',
          `  ${readiness}`,
          `  ${commit}`,
          'fi',
          ...initLines(ctx, channel, cc),
        ];
  const initEnv =
    init === undefined
      ? []
      : [{ name: 'CC_INIT_ARGS', value: JSON.stringify({ Args: [init.function, ...init.args] }) }];
  return renderJob(ctx, {
    base: `${chaincodeResourceName(cc)}-commit`,
    component: 'chaincode-lifecycle',
    channel: cc.channel,
    chaincode: cc.name,
    script: lines.join('\n'),
    env: [
      ...definitionEnv(ctx, cc),
      ...initEnv,
      ...adminPeerEnv(ctx, firstPeer === undefined ? '' : peerAddress(ctx, firstPeer)),
    ],
    ...genesisGate(cc.channel),
    // Other members approve on their own schedule: keep retrying (capped exponential back-off) for hours.
    backoffLimit: 60,
  });
}

/** The channel member that commits definitions: the first by org id. */
export function committerOf(channel: Channel): string | undefined {
  return channel.members[0];
}

export function renderChaincodeLifecycleJobs(ctx: MemberContext): KubeObject[] {
  const jobs: KubeObject[] = [];
  if (ctx.org.peers.length === 0) return jobs;
  for (const channel of ctx.channels) {
    for (const cc of channel.chaincodes) {
      jobs.push(renderApproveJob(ctx, cc));
      if (committerOf(channel) === ctx.org.id) jobs.push(renderCommitJob(ctx, channel, cc));
    }
  }
  return jobs;
}
