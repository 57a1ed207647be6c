// Text a person reads after an authoring command: what changed on disk, what the consortium will
// have to approve, and what to do next.
import type { AuthoringResult } from './run-authoring.ts';

export function formatAuthoringResult(
  result: AuthoringResult<unknown>,
  options: { headline: string; next?: readonly string[] },
): string {
  const lines = [options.headline];
  if (result.dryRun) lines.push('', 'Dry run: nothing was written. The change would touch:');
  else lines.push('');
  for (const path of result.written) lines.push(`  ${result.dryRun ? 'write ' : 'wrote '} ${path}`);
  for (const path of result.deleted) lines.push(`  ${result.dryRun ? 'delete' : 'removed'} ${path}`);
  for (const w of result.warnings) lines.push(`  warning ${w.file}:${w.line} ${w.rule}: ${w.message}`);
  const base = result.approvals.base;
  lines.push(
    '',
    base === null
      ? 'Approvals this change will need under the current rules (no Git base revision: this change alone):'
      : `Approvals the pull request will need under the rules of ${base.ref} (${base.commit.slice(0, 7)}), for every change since it:`,
  );
  if (result.approvals.changes.length === 0) lines.push('  (no governed change)');
  for (const change of result.approvals.changes) {
    lines.push(`  - ${change.kind} ${change.subject}${change.critical ? ' (critical)' : ''}: ${change.summary}`);
    lines.push(`      requires: ${change.requires}`);
    for (const missing of change.missing) lines.push(`      - ${missing}`);
  }
  for (const error of result.approvals.errors) lines.push(`  error: ${error}`);
  if (result.approvals.errors.length > 0)
    lines.push(
      '',
      'The pull request could not be approved as it stands (its governance check would say `error`): fix the errors above first.',
    );
  if (options.next !== undefined && options.next.length > 0) {
    lines.push('', 'Next:');
    for (const step of options.next) lines.push(`  ${step}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The JSON form: the plan's own details plus paths, warnings and approvals. */
export function toAuthoringJson(result: AuthoringResult<unknown>, details: Record<string, unknown>): string {
  return `${JSON.stringify(
    {
      ok: result.approvals.errors.length === 0,
      dryRun: result.dryRun,
      ...details,
      written: result.written,
      deleted: result.deleted,
      warnings: result.warnings,
      ledgerUpdates: result.ledgerUpdates,
      approvals: result.approvals,
    },
    null,
    2,
  )}\n`;
}
