// Policies of a channel configuration as configtxgen writes them: a rule starting with
// ANY/ALL/MAJORITY is an ImplicitMeta policy, anything else a signature policy in Fabric's policy
// language, each wrapped in a common.Policy of the matching type.
import { common } from '@hyperledger/fabric-protos';
import { encodeSignaturePolicyEnvelope, parsePolicy, type ImplicitMetaPolicy } from '../policy/index.ts';
import { ChannelConfigError } from './channel-config-error.ts';
import type { ConfigPolicyNode } from './config-tree.ts';

export const POLICY_TYPE_SIGNATURE = common.Policy.PolicyType.SIGNATURE;
export const POLICY_TYPE_IMPLICIT_META = common.Policy.PolicyType.IMPLICIT_META;

const IMPLICIT_META_RULES = {
  ANY: common.ImplicitMetaPolicy.Rule.ANY,
  ALL: common.ImplicitMetaPolicy.Rule.ALL,
  MAJORITY: common.ImplicitMetaPolicy.Rule.MAJORITY,
} as const;

/** The common.ImplicitMetaPolicy bytes for `ANY|ALL|MAJORITY <SubPolicy>`. */
// Fabric: common/policies/implicitmeta_util.go ImplicitMetaFromString
export function encodeImplicitMetaPolicy(policy: ImplicitMetaPolicy): Uint8Array {
  const message = new common.ImplicitMetaPolicy();
  message.setSubPolicy(policy.subPolicy);
  message.setRule(IMPLICIT_META_RULES[policy.rule]);
  return message.serializeBinary();
}

/** One policy of a group, from its rule text, at version 0 as in a genesis block. */
// Fabric: internal/configtxgen/encoder/encoder.go AddPolicies
export function newConfigPolicy(name: string, rule: string, modPolicy: string): ConfigPolicyNode {
  const parsed = parsePolicy(rule);
  if (!parsed.ok) throw new ChannelConfigError(`policy ${name} "${rule}" does not parse: ${parsed.error.message}`);
  if (parsed.policy.kind === 'implicitMeta') {
    return {
      version: 0,
      modPolicy,
      policyType: POLICY_TYPE_IMPLICIT_META,
      policyValue: encodeImplicitMetaPolicy(parsed.policy.policy),
    };
  }
  return {
    version: 0,
    modPolicy,
    policyType: POLICY_TYPE_SIGNATURE,
    policyValue: encodeSignaturePolicyEnvelope(parsed.policy.envelope),
  };
}

/** Every policy of a group; like configtxgen, Readers, Writers and Admins must be among them. */
// Fabric: internal/configtxgen/encoder/encoder.go AddPolicies
export function newConfigPolicies(
  rules: Readonly<Record<string, string>>,
  modPolicy: string,
): Record<string, ConfigPolicyNode> {
  for (const required of ['Admins', 'Readers', 'Writers']) {
    if (rules[required] === undefined) throw new ChannelConfigError(`no ${required} policy defined`);
  }
  const policies: Record<string, ConfigPolicyNode> = {};
  for (const [name, rule] of Object.entries(rules)) policies[name] = newConfigPolicy(name, rule, modPolicy);
  return policies;
}
