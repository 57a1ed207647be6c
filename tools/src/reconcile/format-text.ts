// Human-readable plan and reconcile reports (the CLI's text format). Pure: strings out.
import { countPlan } from './plan.ts';
import type { MemberResult } from './reconcile-member.ts';
import { describeRef, type PlanItem } from './types.ts';

const symbols: Readonly<Record<PlanItem['action'], string>> = {
  create: '+',
  update: '~',
  delete: '-',
  unchanged: '=',
  retain: '#',
};

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function requestsLine(r: MemberResult): string {
  return `${r.requests.total} requests (${r.requests.writes} writes, ${r.requests.dryRuns} dry runs), ${(r.durationMs / 1000).toFixed(1)}s`;
}

export function formatPlanText(results: readonly MemberResult[], options: { readonly verbose?: boolean } = {}): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.plan === undefined) {
      lines.push(`${r.member} (${r.cluster}): FAILED: ${r.error ?? 'unknown error'}`);
      continue;
    }
    const c = countPlan(r.plan);
    lines.push(
      `${r.member} (${r.cluster}): ${c.create} to create, ${c.update} to update, ${c.delete} to delete, ${c.unchanged} unchanged${c.retain > 0 ? `, ${c.retain} kept` : ''} — ${requestsLine(r)}`,
    );
    if (r.error !== undefined) lines.push(`  error: ${r.error}`);
    if (r.plan.pruneRefused !== undefined) lines.push(`  prune refused: ${r.plan.pruneRefused}`);
    for (const item of r.plan.items) {
      if (item.action === 'unchanged' && options.verbose !== true) continue;
      const why = item.reasons.length > 0 ? ` (${item.reasons.join(', ')})` : '';
      lines.push(`  ${symbols[item.action]} ${describeRef(item.ref)}${why}`);
      for (const d of item.drift ?? [])
        lines.push(
          `      drift: ${d.field} ${d.manager === undefined ? 'no longer set' : `now owned by ${d.manager}${d.operation === undefined ? '' : ` (${d.operation})`}`}`,
        );
      for (const f of item.diff ?? [])
        lines.push(
          `      ${f.path}: ${'before' in f ? short(f.before) : '(absent)'} -> ${'after' in f ? short(f.after) : '(absent)'}`,
        );
      for (const k of item.conflicts ?? []) lines.push(`      conflict: ${k.field} is owned by ${k.manager}`);
      if (item.error !== undefined) lines.push(`      error: ${item.error}`);
    }
  }
  return lines.join('\n');
}

export function formatReconcileText(results: readonly MemberResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const outcomes = new Map<string, number>();
    for (const res of r.report?.results ?? []) outcomes.set(res.outcome, (outcomes.get(res.outcome) ?? 0) + 1);
    const summary =
      r.report === undefined
        ? r.status === 'in-sync'
          ? `in sync (${r.plan?.items.length ?? 0} objects verified)`
          : r.status
        : [...outcomes.entries()].map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(`${r.member} (${r.cluster}): ${r.status.toUpperCase()}: ${summary} — ${requestsLine(r)}`);
    if (r.error !== undefined) lines.push(`  error: ${r.error}`);
    if (r.plan?.pruneRefused !== undefined) lines.push(`  prune refused: ${r.plan.pruneRefused}`);
    for (const res of r.report?.results ?? []) {
      if (res.outcome === 'unchanged' || res.outcome === 'retained') continue;
      const detail = res.error === undefined ? '' : `: ${res.error}`;
      lines.push(`  ${res.outcome} ${res.action} ${describeRef(res.ref)}${detail}`);
      if (res.hint !== undefined) lines.push(`      what to do: ${res.hint}`);
    }
  }
  return lines.join('\n');
}
