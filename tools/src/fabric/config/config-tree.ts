// A channel configuration (Fabric's common.Config) as plain, readonly data, so the pure Fabric
// rules (computeUpdate, applyUpdate, authorizeDelta, ...) work on values that compare and
// print without the protobuf runtime, and so map order never matters (Go's protobuf map order
// is not deterministic; two encodings of one Config differ in bytes, never in this tree).
//
// Leaves keep the element's inner protobuf bytes exactly as they arrived (a ConfigValue's
// `value`, a Policy's `value`): Fabric compares and signs those bytes, so they are never
// re-encoded. Versions are uint64 in Fabric; channel configs never come near 2^53.
import { common } from '@hyperledger/fabric-protos';

export interface ConfigValueNode {
  readonly version: number;
  readonly modPolicy: string;
  /** The serialized inner message (e.g. an msp.MSPConfig), byte for byte. */
  readonly value: Uint8Array;
}

export interface ConfigPolicyNode {
  readonly version: number;
  readonly modPolicy: string;
  /** common.Policy.type: 1 SIGNATURE, 3 IMPLICIT_META. */
  readonly policyType: number;
  /** The serialized inner policy (SignaturePolicyEnvelope or ImplicitMetaPolicy). */
  readonly policyValue: Uint8Array;
}

export interface ConfigGroupNode {
  readonly version: number;
  readonly modPolicy: string;
  readonly groups: Readonly<Record<string, ConfigGroupNode>>;
  readonly values: Readonly<Record<string, ConfigValueNode>>;
  readonly policies: Readonly<Record<string, ConfigPolicyNode>>;
}

export interface ChannelConfig {
  readonly sequence: number;
  readonly channelGroup: ConfigGroupNode;
}

/**
 * The slice of google-protobuf's jspb.Map this module uses. The package ships no type
 * declarations for jspb, so the generated getters' map type does not resolve without this.
 */
interface ProtoMap<V> {
  entries(): Iterable<[string, V]>;
  set(key: string, value: V): unknown;
}
const protoMap = <V>(map: unknown): ProtoMap<V> => map as ProtoMap<V>;

export function emptyGroup(): ConfigGroupNode {
  return { version: 0, modPolicy: '', groups: {}, values: {}, policies: {} };
}

/** Decodes a common.ConfigGroup message into the plain tree. */
export function groupFromProto(group: common.ConfigGroup): ConfigGroupNode {
  const groups: Record<string, ConfigGroupNode> = {};
  for (const [name, child] of protoMap<common.ConfigGroup>(group.getGroupsMap()).entries())
    groups[name] = groupFromProto(child);
  const values: Record<string, ConfigValueNode> = {};
  for (const [name, value] of protoMap<common.ConfigValue>(group.getValuesMap()).entries()) {
    values[name] = { version: value.getVersion(), modPolicy: value.getModPolicy(), value: value.getValue_asU8() };
  }
  const policies: Record<string, ConfigPolicyNode> = {};
  for (const [name, policy] of protoMap<common.ConfigPolicy>(group.getPoliciesMap()).entries()) {
    const inner = policy.getPolicy();
    policies[name] = {
      version: policy.getVersion(),
      modPolicy: policy.getModPolicy(),
      policyType: inner?.getType() ?? 0,
      policyValue: inner?.getValue_asU8() ?? new Uint8Array(),
    };
  }
  return { version: group.getVersion(), modPolicy: group.getModPolicy(), groups, values, policies };
}

/** Builds the common.ConfigGroup message; map entries are inserted in sorted key order. */
export function groupToProto(node: ConfigGroupNode): common.ConfigGroup {
  const group = new common.ConfigGroup();
  group.setVersion(node.version);
  group.setModPolicy(node.modPolicy);
  for (const name of Object.keys(node.groups).sort()) {
    protoMap<common.ConfigGroup>(group.getGroupsMap()).set(name, groupToProto(node.groups[name]!));
  }
  for (const name of Object.keys(node.values).sort()) {
    const leaf = node.values[name]!;
    const value = new common.ConfigValue();
    value.setVersion(leaf.version);
    value.setModPolicy(leaf.modPolicy);
    value.setValue(leaf.value);
    protoMap<common.ConfigValue>(group.getValuesMap()).set(name, value);
  }
  for (const name of Object.keys(node.policies).sort()) {
    const leaf = node.policies[name]!;
    const policy = new common.ConfigPolicy();
    policy.setVersion(leaf.version);
    policy.setModPolicy(leaf.modPolicy);
    // A read set names a policy by its version alone, with no Policy message (as configtxlator
    // writes it); type 0 with no value is that case, since no real policy has type UNKNOWN.
    if (leaf.policyType !== 0 || leaf.policyValue.length > 0) {
      const inner = new common.Policy();
      inner.setType(leaf.policyType);
      inner.setValue(leaf.policyValue);
      policy.setPolicy(inner);
    }
    protoMap<common.ConfigPolicy>(group.getPoliciesMap()).set(name, policy);
  }
  return group;
}

export function configFromProto(config: common.Config): ChannelConfig {
  const channelGroup = config.getChannelGroup();
  return { sequence: config.getSequence(), channelGroup: channelGroup ? groupFromProto(channelGroup) : emptyGroup() };
}

export function configToProto(config: ChannelConfig): common.Config {
  const message = new common.Config();
  message.setSequence(config.sequence);
  message.setChannelGroup(groupToProto(config.channelGroup));
  return message;
}
