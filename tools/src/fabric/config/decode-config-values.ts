// Every value and policy of a Config tree decoded into plain data, so two configurations compare
// field by field whatever order Go or JavaScript wrote the protobuf maps in, and a difference can be
// printed in Fabric's terms (path, field, value). Bytes fields appear as base64 text.
import { common, msp, orderer, peer } from '@hyperledger/fabric-protos';
import type { ChannelConfig, ConfigGroupNode } from './config-tree.ts';
import { POLICY_TYPE_IMPLICIT_META, POLICY_TYPE_SIGNATURE } from './config-policies.ts';

export type Decoded = null | boolean | number | string | readonly Decoded[] | { readonly [key: string]: Decoded };

export interface DecodedGroup {
  readonly version: number;
  readonly modPolicy: string;
  readonly groups: Readonly<Record<string, DecodedGroup>>;
  readonly values: Readonly<
    Record<string, { readonly version: number; readonly modPolicy: string; readonly value: Decoded }>
  >;
  readonly policies: Readonly<
    Record<
      string,
      { readonly version: number; readonly modPolicy: string; readonly type: number; readonly value: Decoded }
    >
  >;
}

export interface DecodedConfig {
  readonly sequence: number;
  readonly channelGroup: DecodedGroup;
}

/** jspb's toObject lists a map as [key, value] pairs in insertion order: sort them by key. */
function sortedPairs(pairs: readonly [string, unknown][]): Decoded {
  return Object.fromEntries([...pairs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as Decoded;
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

function decodeMsp(bytes: Uint8Array): Decoded {
  const config = msp.MSPConfig.deserializeBinary(bytes);
  if (config.getType() !== 0) return { type: config.getType(), config: base64(config.getConfig_asU8()) };
  return { type: 0, config: msp.FabricMSPConfig.deserializeBinary(config.getConfig_asU8()).toObject() as Decoded };
}

function decodeConsensusType(bytes: Uint8Array): Decoded {
  const consensus = orderer.ConsensusType.deserializeBinary(bytes);
  const metadata = consensus.getMetadata_asU8();
  return {
    type: consensus.getType(),
    state: consensus.getState(),
    metadata:
      consensus.getType() === 'etcdraft'
        ? (orderer.etcdraft.ConfigMetadata.deserializeBinary(metadata).toObject() as Decoded)
        : base64(metadata),
  };
}

/** Decoders by value key (keys are unique across the groups Fabric defines). */
const VALUE_DECODERS: Readonly<Record<string, (bytes: Uint8Array) => Decoded>> = {
  HashingAlgorithm: (b) => common.HashingAlgorithm.deserializeBinary(b).toObject(),
  BlockDataHashingStructure: (b) => common.BlockDataHashingStructure.deserializeBinary(b).toObject(),
  OrdererAddresses: (b) => common.OrdererAddresses.deserializeBinary(b).toObject(),
  Endpoints: (b) => common.OrdererAddresses.deserializeBinary(b).toObject(),
  Consortium: (b) => common.Consortium.deserializeBinary(b).toObject(),
  Capabilities: (b) => sortedPairs(common.Capabilities.deserializeBinary(b).toObject().capabilitiesMap),
  BatchSize: (b) => orderer.BatchSize.deserializeBinary(b).toObject(),
  BatchTimeout: (b) => orderer.BatchTimeout.deserializeBinary(b).toObject(),
  ChannelRestrictions: (b) => orderer.ChannelRestrictions.deserializeBinary(b).toObject(),
  ConsensusType: decodeConsensusType,
  Orderers: (b) => common.Orderers.deserializeBinary(b).toObject() as Decoded,
  MSP: decodeMsp,
  AnchorPeers: (b) => peer.AnchorPeers.deserializeBinary(b).toObject(),
  ACLs: (b) => sortedPairs(peer.ACLs.deserializeBinary(b).toObject().aclsMap),
};

const ROLE_NAMES = ['member', 'admin', 'client', 'peer', 'orderer'];

function decodeSignaturePolicy(bytes: Uint8Array): Decoded {
  const envelope = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  const identities = envelope.getIdentitiesList().map((principal) => {
    if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
      return {
        classification: principal.getPrincipalClassification(),
        principal: base64(principal.getPrincipal_asU8()),
      };
    }
    const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
    return { mspId: role.getMspIdentifier(), role: ROLE_NAMES[role.getRole()] ?? role.getRole() };
  });
  return { version: envelope.getVersion(), rule: envelope.getRule()?.toObject() as Decoded, identities };
}

function decodePolicy(type: number, bytes: Uint8Array): Decoded {
  if (type === POLICY_TYPE_IMPLICIT_META) {
    const policy = common.ImplicitMetaPolicy.deserializeBinary(bytes);
    return { rule: ['ANY', 'ALL', 'MAJORITY'][policy.getRule()] ?? policy.getRule(), subPolicy: policy.getSubPolicy() };
  }
  if (type === POLICY_TYPE_SIGNATURE) return decodeSignaturePolicy(bytes);
  return base64(bytes);
}

const sortedKeys = (record: Readonly<Record<string, unknown>>): string[] => Object.keys(record).sort();

export function decodeConfigGroup(group: ConfigGroupNode): DecodedGroup {
  const groups: Record<string, DecodedGroup> = {};
  for (const name of sortedKeys(group.groups)) groups[name] = decodeConfigGroup(group.groups[name] as ConfigGroupNode);
  const values: Record<string, DecodedGroup['values'][string]> = {};
  for (const name of sortedKeys(group.values)) {
    const node = group.values[name];
    if (node === undefined) continue;
    const decoder = VALUE_DECODERS[name];
    values[name] = {
      version: node.version,
      modPolicy: node.modPolicy,
      value: decoder ? decoder(node.value) : base64(node.value),
    };
  }
  const policies: Record<string, DecodedGroup['policies'][string]> = {};
  for (const name of sortedKeys(group.policies)) {
    const node = group.policies[name];
    if (node === undefined) continue;
    policies[name] = {
      version: node.version,
      modPolicy: node.modPolicy,
      type: node.policyType,
      value: decodePolicy(node.policyType, node.policyValue),
    };
  }
  return { version: group.version, modPolicy: group.modPolicy, groups, values, policies };
}

/** The whole configuration with every inner message decoded. */
export function decodeConfig(config: ChannelConfig): DecodedConfig {
  return { sequence: config.sequence, channelGroup: decodeConfigGroup(config.channelGroup) };
}
