// Runs one rule on an in-memory model, and picks findings out of a validation result.
import type { Diagnostic } from '../../tools/src/model/diagnostic.ts';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { createRuleContext, type RuleContext } from '../../tools/src/rules/context.ts';

export function runRule(
  check: (ctx: RuleContext) => Diagnostic[],
  model: ConsortiumModel,
  now = new Date(),
): Diagnostic[] {
  return check(createRuleContext({ model, now }));
}

export function findingsOf(result: { readonly diagnostics: readonly Diagnostic[] }, rule: string): Diagnostic[] {
  return result.diagnostics.filter((d) => d.rule === rule);
}
