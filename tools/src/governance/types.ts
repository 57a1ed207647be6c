import type { ChangeKind } from '../model/types.ts';

/** What a pull request changes, before anyone's approval is considered. */
export interface ClassifiedChange {
  /** `error` for a change that maps to no governed kind (fail closed). */
  readonly kind: ChangeKind | 'error';
  /** What is changed: an org id, a channel name, `channel/chaincode`, a file path. */
  readonly subject: string;
  /** For `channel.member.add/remove`: the org joining or leaving. */
  readonly org?: string;
  /** For channel and chaincode changes: the channel. */
  readonly channel?: string;
  /** Human-readable description of what changed. */
  readonly summary: string;
  /**
   * Digest of the governed content the change puts in place (the head side; the base side for
   * removals). Two changes with equal kind, subject and fingerprint make the same change.
   */
  readonly fingerprint: string;
}

/** A changed file as git reports it between merge-base and head (renames are removal + addition). */
export interface ChangedPath {
  readonly path: string;
  readonly status: 'added' | 'removed' | 'modified';
}

/** A GitHub pull-request review, as the REST API returns it (the fields governance reads). */
export interface Review {
  readonly id: number;
  readonly user: { readonly login: string; readonly id: number } | null;
  readonly state: string;
  readonly commit_id: string | null;
  readonly submitted_at?: string | null | undefined;
  readonly body?: string | null | undefined;
}

/** An org's admin who approved, as evidence for the report. */
export interface OrgApproval {
  readonly org: string;
  readonly mspId: string;
  /** Logins (as listed in the base registry) of the org's admins whose approval counts. */
  readonly admins: readonly string[];
}

export interface ChangeResult {
  readonly kind: ChangeKind | 'error';
  readonly subject: string;
  readonly summary: string;
  readonly org?: string;
  readonly channel?: string;
  /** The policy that decides this change, in Fabric syntax, plus the extra conditions in words. */
  readonly requires: string;
  readonly satisfied: boolean;
  readonly critical: boolean;
  /** Orgs whose approval counts toward this change. */
  readonly approvedBy: readonly OrgApproval[];
  /** What is still needed, in words a reviewer can act on. Empty when satisfied. */
  readonly missing: readonly string[];
  /** Admins of a deciding org whose latest review requests changes: the change is rejected. */
  readonly vetoedBy: readonly OrgApproval[];
}

export type Verdict = 'approved' | 'pending' | 'rejected' | 'error';

/** Why an approval or review was not counted (shown in the report so nobody wonders). */
export interface IgnoredReview {
  readonly login: string;
  readonly reason: string;
}

export interface GovernanceResult {
  readonly verdict: Verdict;
  readonly changes: readonly ChangeResult[];
  /** Problems that make the verdict `error`, in words (head does not validate, truncated listing). */
  readonly errors: readonly string[];
  readonly ignoredReviews: readonly IgnoredReview[];
  /** Digest of the semantic change set; approvals given on a head with the same digest still count. */
  readonly changeSetDigest: string;
}
