import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { listPolicySites } from './policy-sites.ts';
import { reportAt } from './report.ts';

// Sub-policies every member org group defines, so ImplicitMeta rules can aggregate over them.
const memberSubPolicies: ReadonlySet<string> = new Set(['Readers', 'Writers', 'Admins', 'Endorsement']);

/**
 * Every policy string is a Fabric signature policy ("OR('A.member', ...)") or an ImplicitMeta
 * policy ("MAJORITY Admins"); collection policies must be signature policies.
 */
export function checkPolicySyntax(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const site of listPolicySites(ctx)) {
    const report = (message: string, hint: string) =>
      found.push(
        reportAt({ rule: 'policy-syntax', severity: 'error', source: site.source, path: site.path, message, hint }),
      );
    const parsed = site.parsed;
    if (!parsed.ok) {
      report(
        `${site.what} is not a valid Fabric policy: ${parsed.error.message} (at character ${parsed.error.offset + 1})`,
        'Write a signature policy such as "OR(\'Org1MSP.member\', \'Org2MSP.member\')" or an ImplicitMeta policy such as "MAJORITY Admins".',
      );
    } else if (parsed.policy.kind === 'implicitMeta') {
      if (site.signatureOnly) {
        report(
          `${site.what} is an ImplicitMeta policy; Fabric requires a signature policy for private data collections`,
          "List the member orgs explicitly, for example \"OR('Org1MSP.member', 'Org2MSP.member')\".",
        );
      } else if (!memberSubPolicies.has(parsed.policy.policy.subPolicy)) {
        report(
          `${site.what} aggregates sub-policy "${parsed.policy.policy.subPolicy}", which member organizations do not define`,
          'Use one of Readers, Writers, Admins or Endorsement, for example "MAJORITY Admins".',
        );
      }
    }
  }
  return found;
}
