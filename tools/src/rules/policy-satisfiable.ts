import type { Diagnostic } from '../model/diagnostic.ts';
import type { PolicyRule } from '../fabric/policy/index.ts';
import type { RuleContext } from './context.ts';
import { listPolicySites } from './policy-sites.ts';
import { reportAt } from './report.ts';

/**
 * Fabric accepts OutOf(n+1, ...) over n rules, but no set of signatures can ever satisfy it: a
 * channel or chaincode governed by it is frozen. Given a fresh signer for every principal, a gate
 * is satisfiable when at least n of its rules are, so the check is structural (no evaluation).
 */
export function checkPolicySatisfiable(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const site of listPolicySites(ctx)) {
    if (!site.parsed.ok || site.parsed.policy.kind !== 'signature') continue;
    if (isSatisfiable(site.parsed.policy.envelope.rule)) continue;
    found.push(
      reportAt({
        rule: 'policy-satisfiable',
        severity: 'error',
        source: site.source,
        path: site.path,
        message: `${site.what} can never be satisfied: a gate requires more signatures than it has rules`,
        hint: 'Lower the OutOf threshold to at most the number of principals it lists.',
      }),
    );
  }
  return found;
}

/** Post-order over the rule tree without recursion: parsed policies may nest very deeply. */
function isSatisfiable(root: PolicyRule): boolean {
  const results = new Map<PolicyRule, boolean>();
  const stack: { rule: PolicyRule; expanded: boolean }[] = [{ rule: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top === undefined) break;
    const rule = top.rule;
    if ('signedBy' in rule) {
      results.set(rule, true);
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      for (const child of rule.nOutOf.rules) stack.push({ rule: child, expanded: false });
      continue;
    }
    let satisfiable = 0;
    for (const child of rule.nOutOf.rules) if (results.get(child) === true) satisfiable++;
    results.set(rule, satisfiable >= rule.nOutOf.n);
    stack.pop();
  }
  return results.get(root) === true;
}
