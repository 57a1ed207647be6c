import type { Diagnostic } from '../model/diagnostic.ts';
import { mspIdsOf } from '../fabric/policy/index.ts';
import type { RuleContext } from './context.ts';
import { listPolicySites } from './policy-sites.ts';
import { reportAt } from './report.ts';

/**
 * A signature policy may name only MSP IDs of the channel's members (governance rules: of the
 * consortium's members). Any other MSP ID can never sign, so the policy silently demands the
 * impossible or trusts an outsider once such an org appears.
 */
export function checkPolicyMspIds(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const site of listPolicySites(ctx)) {
    if (!site.parsed.ok || site.parsed.policy.kind !== 'signature') continue;
    // While some org.yaml failed to load, an MSP ID no loaded org has may well be that org's.
    const undecidable = (id: string) => ctx.unloadedOrgIds.size > 0 && !ctx.orgsByMspId.has(id);
    const unknown = mspIdsOf(site.parsed.policy.envelope).filter(
      (id) => !site.allowedMspIds.has(id) && !undecidable(id),
    );
    if (unknown.length === 0) continue;
    const outsiders = unknown.map((id) => {
      const org = ctx.orgsByMspId.get(id);
      return org === undefined
        ? `"${id}" (no organization has this MSP ID)`
        : `"${id}" (org "${org.id}", not a member)`;
    });
    found.push(
      reportAt({
        rule: 'policy-msp-ids',
        severity: 'error',
        source: site.source,
        path: site.path,
        message: `${site.what} names MSP IDs outside ${site.scope}: ${outsiders.join(', ')}`,
        hint: `Name only MSP IDs of members of ${site.scope} (MSP IDs are case-sensitive), or add the organization as a member first.`,
      }),
    );
  }
  return found;
}
