import type { OrgAdmin } from '../model/types.ts';
import type { IgnoredReview, Review } from './types.ts';

/** An org as governance identifies it: admins by numeric GitHub id, from the base revision. */
export interface DirectoryOrg {
  readonly id: string;
  readonly mspId: string;
  readonly admins: readonly OrgAdmin[];
  /** True for an org the base does not know (a joining org, identified by the head). */
  readonly joining: boolean;
}

export interface PersonEvidence {
  readonly login: string;
  readonly githubId: number;
  /** How the person's approval was given: a review, or authoring the pull request. */
  readonly via: 'review' | 'author';
}

export interface CollectedApprovals {
  /** Org id -> admins of that org whose approval counts for the current head. */
  readonly approvals: ReadonlyMap<string, readonly PersonEvidence[]>;
  /** Org id -> admins of that org whose latest review requests changes. */
  readonly vetoes: ReadonlyMap<string, readonly PersonEvidence[]>;
  readonly ignored: readonly IgnoredReview[];
}

export interface CollectApprovalsInput {
  readonly reviews: readonly Review[];
  readonly directory: readonly DirectoryOrg[];
  readonly author: { readonly login: string; readonly id: number | undefined };
  /**
   * Whether an approval given on this commit still applies: the current head, or an earlier head
   * whose semantic change set equals the current one.
   */
  readonly approvalApplies: (commitId: string) => boolean;
}

/** Review states that decide a reviewer's position; COMMENTED and PENDING never change it. */
const decisive = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED']);
/** Every state GitHub's REST API writes, in its spelling. */
const knownStates = ['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING'];

/**
 * Who approves, for which org. Each reviewer's latest decisive review wins (GitHub's own rule for
 * a review decision: a comment does not withdraw an approval, a dismissal or a request for changes
 * does). Identity is the numeric user id, matched against the admins listed at base; logins,
 * comment text and review bodies are never evidence.
 */
export function collectApprovals(input: CollectApprovalsInput): CollectedApprovals {
  const adminOf = (githubId: number, includeJoining: boolean) =>
    input.directory.filter(
      (org) => (includeJoining || !org.joining) && org.admins.some((a) => a.githubId === githubId),
    );
  const approvals = new Map<string, PersonEvidence[]>();
  const vetoes = new Map<string, PersonEvidence[]>();
  const ignored: IgnoredReview[] = [];
  const latest = new Map<number, Review>();
  const ordered = [...input.reviews].sort((a, b) => timeOf(a) - timeOf(b) || a.id - b.id);
  for (const review of ordered) {
    if (review.user === null) continue;
    // "approved" is not GitHub's spelling: guessing what a hand-written state meant could count an
    // approval nobody gave, so it does not count, and the report says so.
    if (!knownStates.includes(review.state)) {
      ignored.push({
        login: review.user.login,
        reason: `review state "${review.state}" is not one GitHub writes (${knownStates.join(', ')}; upper case): not counted`,
      });
      continue;
    }
    if (!decisive.has(review.state)) continue;
    latest.set(review.user.id, review);
  }
  const add = (map: Map<string, PersonEvidence[]>, org: string, person: PersonEvidence) => {
    const list = map.get(org) ?? [];
    if (!list.some((p) => p.githubId === person.githubId)) list.push(person);
    map.set(org, list);
  };

  for (const review of latest.values()) {
    const user = review.user;
    if (user === null) continue;
    if (user.id === input.author.id) continue; // GitHub forbids it; never let it count twice
    // A joining org's admins are known only from the head; they speak for that org alone (its
    // consent), never for a member of the base.
    const orgs = adminOf(user.id, true);
    if (orgs.length === 0) {
      if (review.state !== 'DISMISSED')
        ignored.push({ login: user.login, reason: 'not an admin of any member org at base (by GitHub user id)' });
      continue;
    }
    if (orgs.length > 1) {
      ignored.push({ login: user.login, reason: listedUnderSeveral(orgs) });
      continue;
    }
    const person: PersonEvidence = { login: user.login, githubId: user.id, via: 'review' };
    if (review.state === 'CHANGES_REQUESTED') {
      for (const org of orgs) add(vetoes, org.id, person);
    } else if (review.state === 'APPROVED') {
      if (review.commit_id !== null && input.approvalApplies(review.commit_id)) {
        for (const org of orgs) add(approvals, org.id, person);
      } else {
        ignored.push({
          login: user.login,
          reason: `approved ${review.commit_id?.slice(0, 7) ?? 'an unknown commit'}, whose changes differ from the current head`,
        });
      }
    }
  }

  // The author's own pull request is their approval for their own org (GitHub does not let
  // authors review their own pull request). A joining org's author is its consent.
  const authorOf = input.author.id === undefined ? [] : adminOf(input.author.id, true);
  if (authorOf.length > 1) ignored.push({ login: input.author.login, reason: listedUnderSeveral(authorOf) });
  else if (input.author.id !== undefined) {
    for (const org of authorOf) {
      add(approvals, org.id, { login: input.author.login, githubId: input.author.id, via: 'author' });
    }
  }
  if (input.author.login !== '' && authorOf.length === 0) {
    ignored.push({
      login: input.author.login,
      reason: `the pull request author is not an admin of any member org at base (${input.author.id === undefined ? 'no admin has this login' : 'by GitHub user id'}): authoring counts as no approval`,
    });
  }
  return { approvals, vetoes, ignored };
}

/** One person's review never counts for two orgs, whatever the registry says. */
function listedUnderSeveral(orgs: readonly DirectoryOrg[]): string {
  return `listed as an admin of ${orgs.map((o) => o.id).join(', ')}: one person cannot approve for two organizations, so it counts for none`;
}

function timeOf(review: Review): number {
  const t = review.submitted_at ? Date.parse(review.submitted_at) : NaN;
  return Number.isNaN(t) ? 0 : t;
}
