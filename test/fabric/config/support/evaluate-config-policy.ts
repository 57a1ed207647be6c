// Evaluates a policy of a decoded channel configuration for a set of signers, as Fabric's policy
// manager does: an ImplicitMeta policy counts the sub-groups whose sub-policy is satisfied, a
// signature policy is evaluated with the project's cauthdsl evaluator. Tests use it to ask "can
// this identity read the channel?" of a configuration the toolkit built.
import type { DecodedGroup } from '../../../../tools/src/fabric/config/decode-config-values.ts';
import { implicitMetaThreshold, isSatisfiedBy } from '../../../../tools/src/fabric/policy/index.ts';
import type { PolicyRole, PolicyRule, Signer } from '../../../../tools/src/fabric/policy/index.ts';

interface RuleObject {
  readonly signedBy: number;
  readonly nOutOf?: { readonly n: number; readonly rulesList: readonly RuleObject[] };
}

function toRule(rule: RuleObject): PolicyRule {
  return rule.nOutOf === undefined
    ? { signedBy: rule.signedBy }
    : { nOutOf: { n: rule.nOutOf.n, rules: rule.nOutOf.rulesList.map(toRule) } };
}

export function evaluateConfigPolicy(group: DecodedGroup, policyName: string, signers: readonly Signer[]): boolean {
  const policy = group.policies[policyName];
  if (policy === undefined) return false;
  const value = policy.value as Record<string, unknown>;
  if (policy.type === 3) {
    const rule = value['rule'] as 'ANY' | 'ALL' | 'MAJORITY';
    const subPolicy = value['subPolicy'] as string;
    const children = Object.values(group.groups);
    const satisfied = children.filter((child) => evaluateConfigPolicy(child, subPolicy, signers)).length;
    return satisfied >= implicitMetaThreshold(rule, children.length);
  }
  const identities = value['identities'] as { mspId: string; role: PolicyRole }[];
  return isSatisfiedBy({ version: 0, identities, rule: toRule(value['rule'] as RuleObject) }, signers);
}
