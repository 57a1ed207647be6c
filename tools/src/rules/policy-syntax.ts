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
      const at = reportAt({
        rule: 'policy-syntax',
        severity: 'error',
        source: site.source,
        path: site.path,
        message: `${site.what} is not a valid Fabric policy: ${parsed.error.message} (at character ${parsed.error.offset + 1})`,
        hint: 'Write a signature policy such as "OR(\'Org1MSP.member\', \'Org2MSP.member\')" or an ImplicitMeta policy such as "MAJORITY Admins".',
      });
      found.push({ ...at, column: columnOfOffset(ctx, at, site.expression, parsed.error.offset) });
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

/**
 * Column of the syntax error itself when the policy is written on one line exactly as parsed
 * (plain, or quoted without escapes): the value's column, past the opening quote, plus the offset.
 * Otherwise (block scalars, escapes) the column of the value.
 */
function columnOfOffset(ctx: RuleContext, at: Diagnostic, expression: string, offset: number): number {
  const text = ctx.filesByPath.get(at.file)?.text;
  if (text === undefined) return at.column;
  let start = 0;
  for (let line = 1; line < at.line; line++) {
    start = text.indexOf('\n', start) + 1;
    if (start === 0) return at.column;
  }
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end === -1 ? undefined : end);
  const valueIndex = at.column - 1;
  const quote = lineText[valueIndex];
  const contentIndex = quote === '"' || quote === "'" ? valueIndex + 1 : valueIndex;
  if (lineText.slice(contentIndex, contentIndex + expression.length) !== expression) return at.column;
  return contentIndex + offset + 1;
}
