import type { ConsortiumModel } from '../model/types.ts';
import type { ChangeResult, ClassifiedChange, GovernanceResult, Review, Verdict } from './types.ts';
import { collectApprovals, type DirectoryOrg } from './collect-approvals.ts';
import { defaultGovernanceRules, requirementFor } from './default-rules.ts';
import { evaluateRequirement } from './evaluate-requirement.ts';
import { digestChangeSet } from './digest-change-set.ts';
import { describeSharedAdmin, findSharedAdmins } from '../model/shared-admins.ts';
import type { LedgerReview } from './evaluate-ledger-updates.ts';
import { applyLedgerApprovals } from './ledger-approvals.ts';

export interface EvaluateGovernanceInput {
  readonly base: ConsortiumModel;
  readonly head: ConsortiumModel;
  /** From classifyChanges(base, head, ...). */
  readonly changes: readonly ClassifiedChange[];
  readonly headSha: string;
  readonly reviews: readonly Review[];
  readonly author: { readonly login: string; readonly id: number | undefined };
  /** Digest of the change set at each earlier commit an approval was given on (see approvalApplies). */
  readonly changeSetDigestAt: ReadonlyMap<string, string>;
  /** When the pull request was opened; undefined when unknown (critical changes then stay pending). */
  readonly openedAt: Date | undefined;
  readonly now: Date;
  /** Reasons the verdict must be `error` found before evaluation: head does not validate, truncated listings. */
  readonly errors: readonly string[];
  /** The config updates the pull request carries, judged as the orderer will (evaluate-ledger-updates.ts). */
  readonly ledger?: readonly LedgerReview[];
}

const nothingToJudge = 'no changes between base and head';

/**
 * The verdict on a pull request: each change's requirement from the base rules, evaluated against
 * the approvals that count. `error` beats `rejected` beats `pending` beats `approved`; nothing is
 * approved unless every change is.
 */
export function evaluateGovernance(input: EvaluateGovernanceInput): GovernanceResult {
  const errors = [...input.errors];
  const rules = input.base.consortium?.governance ?? defaultGovernanceRules;
  if (input.base.consortium === undefined)
    errors.push('the base revision has no valid consortium/consortium.yaml: its rules cannot be read');
  if (input.head.consortium === undefined) errors.push('the head revision has no valid consortium/consortium.yaml');
  errors.push(...describeSharedBaseAdmins(input.base));
  // Nothing to judge is not approved (fail closed); the caller may already have said why.
  if (input.changes.length === 0 && !errors.some((e) => e.startsWith(nothingToJudge))) errors.unshift(nothingToJudge);
  const changeSetDigest = digestChangeSet(input.changes);
  const directory = buildDirectory(input.base, input.head);
  const approvalApplies = (commit: string) =>
    commit === input.headSha || input.changeSetDigestAt.get(commit) === changeSetDigest;
  const collected = collectApprovals({ reviews: input.reviews, directory, author: input.author, approvalApplies });
  const openTime = evaluateOpenTime(
    openSince(input.openedAt, input.reviews, approvalApplies),
    input.now,
    rules.critical.minimumOpenHours,
  );

  const ledger = input.ledger ?? [];
  for (const review of ledger) errors.push(...review.errors);
  const reviewed: ChangeResult[] = input.changes.map((change) => {
    const requirement = requirementFor(change, { base: input.base, head: input.head });
    const common = {
      kind: change.kind,
      subject: change.subject,
      summary: change.summary,
      ...(change.org === undefined ? {} : { org: change.org }),
      ...(change.channel === undefined ? {} : { channel: change.channel }),
    };
    if ('error' in requirement) {
      errors.push(requirement.error);
      return {
        ...common,
        requires: 'cannot be approved',
        satisfied: false,
        critical: false,
        approvedBy: [],
        missing: [requirement.error],
        vetoedBy: [],
      };
    }
    const outcome = evaluateRequirement({
      requirement,
      collected,
      directory,
      adminsPerOrg: requirement.critical ? Math.max(1, rules.critical.adminsPerOrg) : 1,
      ...(requirement.critical ? { openTime } : {}),
    });
    if (outcome.error !== undefined) errors.push(outcome.error);
    return {
      ...common,
      requires: describeRequirement(requirement, rules.critical.adminsPerOrg, rules.critical.minimumOpenHours),
      satisfied: outcome.satisfied,
      critical: requirement.critical,
      approvedBy: outcome.approvedBy,
      missing: outcome.missing,
      vetoedBy: outcome.vetoedBy,
    };
  });

  const changes = reviewed.map((change) => applyLedgerApprovals(change, ledger, input.base));

  return {
    verdict: decideVerdict(changes, errors),
    changes,
    errors,
    ignoredReviews: collected.ignored,
    changeSetDigest,
  };
}

/**
 * A base registry that lists one person under two orgs cannot say whose approval a review is (a base
 * branch may predate the unique-admin rule, or skip validation): nothing is judged under it.
 */
function describeSharedBaseAdmins(base: ConsortiumModel): string[] {
  return findSharedAdmins(base.orgs).map((shared) => {
    const orgs = [...new Set(shared.listings.map((l) => l.org.id))];
    const [first] = shared.listings;
    const who = first === undefined ? 'one person' : describeSharedAdmin(shared, first);
    const listed = `${orgs.slice(0, -1).join(', ')} and ${orgs[orgs.length - 1] ?? ''}`;
    return `the base registry lists ${who} as an admin of ${listed}: one person cannot approve for two organizations, so nothing is judged until the base branch lists them under one org`;
  });
}

function decideVerdict(changes: readonly ChangeResult[], errors: readonly string[]): Verdict {
  if (errors.length > 0 || changes.some((c) => c.kind === 'error')) return 'error';
  if (changes.some((c) => c.vetoedBy.length > 0)) return 'rejected';
  if (changes.some((c) => !c.satisfied)) return 'pending';
  return 'approved';
}

/** Members at base, plus orgs only the head knows (joining orgs), whose admins speak only for themselves. */
function buildDirectory(base: ConsortiumModel, head: ConsortiumModel): DirectoryOrg[] {
  const known = new Set(base.orgs.map((o) => o.id));
  return [
    ...base.orgs.map((o) => ({ id: o.id, mspId: o.mspId, admins: o.admins, joining: false })),
    ...head.orgs
      .filter((o) => !known.has(o.id))
      .map((o) => ({ id: o.id, mspId: o.mspId, admins: o.admins, joining: true })),
  ];
}

/**
 * When the current change set has been open for all to see. A pull request opened long ago can be
 * force-pushed with a critical change at any time, and only reviews tell when: every review on a
 * commit with the current change set was given after that content was pushed. So the clock starts
 * at the later of the opening and the first such review (an upper bound of when the change set
 * appeared), and a critical change cannot borrow the age of the pull request it was pushed into.
 */
function openSince(
  openedAt: Date | undefined,
  reviews: readonly Review[],
  applies: (commit: string) => boolean,
): Date | undefined {
  if (openedAt === undefined) return undefined;
  let since = openedAt.getTime();
  const seen = reviews
    .filter((r) => r.commit_id !== null && applies(r.commit_id))
    .map((r) => (r.submitted_at ? Date.parse(r.submitted_at) : NaN))
    .filter((t) => !Number.isNaN(t));
  if (seen.length > 0) since = Math.max(since, Math.min(...seen));
  return new Date(since);
}

function evaluateOpenTime(
  openedAt: Date | undefined,
  now: Date,
  hours: number,
): { satisfied: boolean; missing: string } {
  if (hours <= 0) return { satisfied: true, missing: '' };
  if (openedAt === undefined) {
    return { satisfied: false, missing: `needs to be open for ${hours}h (opening time unknown: pass --opened-at)` };
  }
  const left = openedAt.getTime() + hours * 3_600_000 - now.getTime();
  if (left <= 0) return { satisfied: true, missing: '' };
  const until = new Date(openedAt.getTime() + hours * 3_600_000).toISOString();
  return {
    satisfied: false,
    missing: `needs to stay open until ${until} (${hours}h minimum for a critical change; ${Math.ceil(left / 3_600_000)}h left)`,
  };
}

function describeRequirement(
  requirement: {
    policy: string;
    policySource: string;
    scopeLabel: string;
    consentOf: readonly string[];
    critical: boolean;
  },
  adminsPerOrg: number,
  hours: number,
): string {
  const parts = [`${requirement.policy} (${requirement.policySource}; over ${requirement.scopeLabel})`];
  for (const org of requirement.consentOf) parts.push(`consent of ${org}`);
  if (requirement.critical) parts.push(`critical: ${adminsPerOrg} admins per approving org, open ≥ ${hours}h`);
  return parts.join(' + ');
}
