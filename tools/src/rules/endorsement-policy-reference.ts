import { APPLICATION_POLICY_NAMES, resolveChannelPolicyReference } from '../fabric/channel-policy-reference.ts';
import { parsePolicy } from '../fabric/policy/index.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// Sub-policies policy-syntax accepts in an ImplicitMeta policy; any other is reported there already.
const memberSubPolicies: ReadonlySet<string> = new Set(['Readers', 'Writers', 'Admins', 'Endorsement']);

/**
 * A chaincode's ImplicitMeta endorsement policy must be written exactly as one of its channel's
 * Application policies: Fabric accepts only a reference to an existing channel policy
 * (`--channel-config-policy /Channel/Application/<Name>`) there, and render refuses otherwise.
 */
export function checkEndorsementPolicyReference(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      const expression = chaincode.endorsementPolicy;
      if (expression === undefined) continue;
      const parsed = parsePolicy(expression);
      if (!parsed.ok || parsed.policy.kind !== 'implicitMeta') continue;
      if (!memberSubPolicies.has(parsed.policy.policy.subPolicy)) continue;
      if (resolveChannelPolicyReference(channel.policies, expression).kind !== 'unmatched') continue;
      const defined = APPLICATION_POLICY_NAMES.map((n) => `${n}: "${channel.policies[n]}"`).join(', ');
      found.push(
        reportAt({
          rule: 'endorsement-policy-reference',
          severity: 'error',
          source: chaincode.source,
          path: 'endorsementPolicy',
          message:
            `the endorsement policy "${expression}" of chaincode "${chaincode.name}" is an ImplicitMeta policy ` +
            `that none of channel "${channel.name}"'s policies has (${defined}); Fabric can only refer to an ` +
            'existing channel policy there',
          hint:
            "Write the expression of one of the channel's policies (it becomes /Channel/Application/<Name>), " +
            'a signature policy such as "OutOf(2, \'Org1MSP.peer\', ...)", or omit endorsementPolicy to use ' +
            "the channel's Endorsement policy.",
        }),
      );
    }
  }
  return found;
}
