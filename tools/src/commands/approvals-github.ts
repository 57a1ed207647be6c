import type { GitRepository } from '../adapters/git.ts';
import { maxListedFiles, type GithubClient } from '../adapters/github.ts';
import { renderReport, reportMarker, summarizeVerdict } from '../governance/render-report.ts';
import type { Verdict } from '../governance/types.ts';
import { runApprovals, type ApprovalsResult } from './approvals.ts';

export interface PullRequestApprovalsOptions {
  readonly git: GitRepository;
  readonly github: GithubClient;
  readonly number: number;
  readonly now: Date;
  /** Revision whose rules decide; default: the pull request's base commit as GitHub records it. */
  readonly base?: string;
  /**
   * Fetches the given commits (earlier heads reviews were given on) when git does not have them;
   * returns those still missing. Without it, approvals on commits git lacks do not count.
   */
  readonly fetchCommits?: (commits: readonly string[]) => Promise<readonly string[]>;
  /** Skip the check run and comment (a dry run that only reads). */
  readonly readOnly?: boolean;
}

export interface PullRequestApprovalsResult extends ApprovalsResult {
  readonly pullRequest: number;
  readonly checkName: string;
  readonly report: string;
  readonly comment: 'created' | 'updated' | 'skipped';
  readonly requests: { readonly reads: number; readonly writes: number };
}

const conclusions: Record<Verdict, 'success' | 'failure' | 'action_required'> = {
  approved: 'success',
  pending: 'action_required', // not a passing conclusion for a required check
  rejected: 'failure',
  error: 'failure',
};

/**
 * GitHub mode: reads the pull request (one request), all pages of its files, commits and reviews,
 * judges it from git data, then writes one check run and one sticky comment.
 */
export async function runPullRequestApprovals(
  options: PullRequestApprovalsOptions,
): Promise<PullRequestApprovalsResult> {
  const { github, number } = options;
  const pr = await github.getPullRequest(number);
  const [files, commits, reviews] = [
    await github.listPullRequestFiles(number),
    await github.listPullRequestCommits(number),
    await github.listPullRequestReviews(number),
  ];
  const errors: string[] = [];
  if (files.listed >= maxListedFiles || files.listed < pr.changedFiles) {
    errors.push(
      `GitHub listed ${files.listed} of ${pr.changedFiles} changed files (the listing is truncated at ${maxListedFiles}): split the pull request`,
    );
  }
  const lastCommit = commits[commits.length - 1];
  if (commits.length === pr.commits && lastCommit !== undefined && lastCommit.sha !== pr.headSha) {
    errors.push(
      `the pull request's head moved while it was being read (${pr.headSha.slice(0, 7)} vs ${lastCommit.sha.slice(0, 7)}): the next run judges the new head`,
    );
  }
  if (pr.state !== 'open') errors.push(`pull request #${number} is ${pr.state}`);
  if (options.fetchCommits !== undefined) {
    const wanted = [
      ...new Set([pr.headSha, ...reviews.filter((r) => r.state === 'APPROVED').map((r) => r.commit_id ?? '')]),
    ];
    await options.fetchCommits(wanted.filter((c) => c !== ''));
  }
  const openedAt = new Date(pr.createdAt);
  const base = options.base ?? (await resolveBaseTip(options.git, pr.baseRef));
  if (base === undefined) {
    // GitHub's base.sha is where the branch stood when the pull request was opened, not its tip:
    // judging by it could count an admin removed since. Fail closed instead.
    errors.push(
      `the base branch ${pr.baseRef} is not in the local clone (neither origin/${pr.baseRef} nor ${pr.baseRef}): fetch it (actions/checkout with fetch-depth: 0) so the pull request is judged by the branch's current rules`,
    );
  }
  const result = await runApprovals({
    git: options.git,
    base: base ?? pr.baseSha,
    head: pr.headSha,
    reviews,
    author: { login: pr.authorLogin, id: pr.authorId },
    openedAt: Number.isNaN(openedAt.getTime()) ? undefined : openedAt,
    now: options.now,
    reportedPaths: files.files,
    errors,
  });
  const checkName = `consortium-governance/${pr.baseRef}`;
  const report = renderReport({
    result,
    base: result.baseModel,
    head: result.headModel,
    baseLabel: pr.baseRef,
    headSha: pr.headSha,
    exposureChanges: result.exposureChanges,
  });
  let comment: PullRequestApprovalsResult['comment'] = 'skipped';
  if (options.readOnly !== true) {
    await github.createCheckRun({
      name: checkName,
      headSha: pr.headSha,
      conclusion: conclusions[result.verdict],
      title: summarizeVerdict(result),
      summary: report,
    });
    comment = await github.upsertComment({ number, marker: reportMarker, body: report, existingComments: pr.comments });
  }
  return { ...result, pullRequest: number, checkName, report, comment, requests: { ...github.requests } };
}

/**
 * The commit the base branch points to now. GitHub's `base.sha` is recorded when the pull request
 * is opened or its head is pushed, not when the base branch moves: judging under it would let an
 * admin removed (or a rule tightened) on the base branch since then still decide. The branch as
 * the checkout fetched it (`origin/<ref>`, else a local branch of that name) is the current tip;
 * only when git knows neither does the recorded sha stand in.
 */
async function resolveBaseTip(git: GitRepository, baseRef: string): Promise<string | undefined> {
  for (const ref of [`refs/remotes/origin/${baseRef}`, `refs/heads/${baseRef}`]) {
    const tip = await git.resolveCommit(ref);
    if (tip !== undefined) return tip;
  }
  return undefined;
}
