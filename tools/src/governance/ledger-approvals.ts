// For a pull request that carries config updates, the Fabric signatures on them are the member
// organizations' approvals of the channel change they realize: a channel change (member added or
// removed, channel policy) on a channel whose updates this pull request adds is satisfied when
// every one of those updates is, and what is missing is who still has to run `channel sign`. A
// joining org's own consent and any veto still come from reviews, as for every other change.
import type { ChangeResult, OrgApproval } from './types.ts';
import type { LedgerReview } from './evaluate-ledger-updates.ts';
import type { ConsortiumModel } from '../model/types.ts';

const LEDGER_KINDS: readonly string[] = ['channel.member.add', 'channel.member.remove', 'channel.policy.update'];

export function applyLedgerApprovals(
  change: ChangeResult,
  ledger: readonly LedgerReview[],
  base: ConsortiumModel,
): ChangeResult {
  if (!LEDGER_KINDS.includes(change.kind)) return change;
  const review = ledger.find((l) => l.channel === (change.channel ?? change.subject));
  if (review === undefined || review.updates.length === 0) return change;
  const numbers = review.updates.map((u) => u.update).join(', ');
  const approvedBy = new Map<string, OrgApproval>();
  for (const update of review.updates) {
    for (const s of update.signatures) {
      if (!s.counted || s.signer?.role !== 'admin') continue;
      const org = base.orgs.find((o) => o.mspId === s.mspId);
      if (org === undefined || approvedBy.has(org.id)) continue;
      approvedBy.set(org.id, {
        org: org.id,
        mspId: s.mspId,
        admins: [`signature ${s.file.slice(s.file.lastIndexOf('/') + 1)}`],
      });
    }
  }
  const missing: string[] = [];
  for (const update of review.updates) {
    if (update.satisfied) continue;
    for (const policy of update.policies.filter((p) => !p.satisfied)) {
      missing.push(`update ${update.update}: ${policy.path} (${policy.policy}) ${policy.missing}`);
    }
    for (const { mspId, org } of update.stillToSign) {
      missing.push(
        `an admin of ${mspId} runs \`consortium channel sign ${review.channel} --org ${org ?? mspId} --update ${update.update}\``,
      );
    }
  }
  // Reviews still decide the joining org's consent and vetoes.
  const consent = change.missing.filter((m) => m.startsWith('needs the consent of'));
  const satisfied = review.updates.every((u) => u.satisfied) && consent.length === 0;
  return {
    ...change,
    requires: `Fabric signatures on config update${review.updates.length > 1 ? 's' : ''} ${numbers} satisfying every changed element's mod_policy${consent.length > 0 || change.requires.includes('consent of') ? ' + consent of the joining org (review)' : ''}`,
    satisfied,
    approvedBy: [...approvedBy.values()].sort((a, b) => (a.org < b.org ? -1 : 1)),
    missing: satisfied ? [] : [...missing, ...consent],
  };
}
