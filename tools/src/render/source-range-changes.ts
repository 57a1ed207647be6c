// Which members' ingress a change opens (or narrows). A member's peers and orderers admit only the
// declared egress ranges of the members that dial them, and only while every one of those declares
// some (source-ranges.ts): a single member without `network.egressCidrs` (a new org, or one dropping its
// ranges) silently opens the others' nodes to any source. Like storage-shrink.ts, this compares
// the base the members run with the head a pull request proposes; validation of one revision
// cannot see it.
import type { Diagnostic } from '../model/diagnostic.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { locate } from '../model/source.ts';
import { buildContexts, compare, type MemberContext } from './context.ts';
import { allowedSourceRanges, sourceOrgIds } from './source-ranges.ts';

export interface SourceRangeChange {
  /** The member whose ingress changes. */
  readonly org: string;
  readonly component: 'peer' | 'orderer';
  /** Source ranges admitted at base; null: any source. */
  readonly before: readonly string[] | null;
  readonly after: readonly string[] | null;
  /** When the head admits any source: the members dialling it that declare no egress ranges. */
  readonly openedBy: readonly string[];
}

/** Members present at base and head whose peer or orderer ingress admits other sources at head. */
export function findSourceRangeChanges(base: ConsortiumModel, head: ConsortiumModel): SourceRangeChange[] {
  const before = contextsOf(base);
  const after = contextsOf(head);
  if (before === undefined || after === undefined) return []; // a head that does not validate is an error already
  const changes: SourceRangeChange[] = [];
  for (const ctx of after) {
    const old = before.find((b) => b.org.id === ctx.org.id);
    if (old === undefined) continue;
    for (const component of ['orderer', 'peer'] as const) {
      if ((component === 'peer' ? ctx.org.peers : ctx.org.orderers).length === 0) continue;
      const was = allowedSourceRanges(old, component) ?? null;
      const now = allowedSourceRanges(ctx, component) ?? null;
      if (JSON.stringify(was) === JSON.stringify(now)) continue;
      const openedBy =
        now === null
          ? // The member itself counts: its own peers and applications dial its nodes from outside too.
            sourceOrgIds(ctx, component).filter((id) => (ctx.orgsById.get(id)?.network.egressCidrs.length ?? 0) === 0)
          : [];
      changes.push({ org: ctx.org.id, component, before: was, after: now, openedBy });
    }
  }
  return changes.sort((a, b) => compare(a.org, b.org) || compare(a.component, b.component));
}

/**
 * A warning at each member whose missing egress ranges lift a restriction the base had, naming the
 * members it exposes, so the pull request's author sees it as a finding, not only its reviewers.
 */
export function checkSourceRangeLift(base: ConsortiumModel, head: ConsortiumModel): Diagnostic[] {
  const exposedBy = new Map<string, Map<string, string[]>>();
  for (const change of findSourceRangeChanges(base, head)) {
    if (change.before === null || change.after !== null) continue;
    for (const cause of change.openedBy) {
      const exposed = exposedBy.get(cause) ?? new Map<string, string[]>();
      exposed.set(change.org, [...(exposed.get(change.org) ?? []), change.component]);
      exposedBy.set(cause, exposed);
    }
  }
  const found: Diagnostic[] = [];
  for (const [cause, exposed] of [...exposedBy].sort(([a], [b]) => compare(a, b))) {
    const org = head.orgs.find((o) => o.id === cause);
    if (org === undefined) continue;
    const position = locate(org.source, 'network');
    const members = [...exposed].map(([id, components]) => `${id} (${components.join(', ')})`);
    found.push({
      rule: 'source-range-lifted',
      severity: 'warning',
      file: position.file,
      line: position.line,
      column: position.column,
      message: `${cause} declares no network.egressCidrs: the ingress of ${joinWords(members)} admits any source, where the base admits only the members' declared ranges`,
      hint: `Declare ${cause}'s outbound (NAT) ranges under network.egressCidrs (org init --egress-cidr CIDR), so the other members' ingress stays restricted.`,
    });
  }
  return found;
}

function contextsOf(model: ConsortiumModel): MemberContext[] | undefined {
  if (model.consortium === undefined) return undefined;
  try {
    return buildContexts(model, model.consortium);
  } catch {
    return undefined;
  }
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
