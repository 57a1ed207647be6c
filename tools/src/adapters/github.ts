import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { ExternalServiceError } from '../errors.ts';
import type { ChangedPath, Review } from '../governance/types.ts';

/**
 * The GitHub reads and writes governance needs, behind a small interface. Every listing is read
 * to its last page; a listing GitHub truncates is reported as truncated, never silently short.
 */
export interface GithubClient {
  getPullRequest(number: number): Promise<PullRequestInfo>;
  /** Renames come back as a removal of the old path plus an addition of the new one. */
  listPullRequestFiles(number: number): Promise<{ readonly files: readonly ChangedPath[]; readonly listed: number }>;
  listPullRequestCommits(number: number): Promise<readonly CommitInfo[]>;
  listPullRequestReviews(number: number): Promise<readonly Review[]>;
  createCheckRun(run: CheckRunInput): Promise<void>;
  /** Creates the comment carrying `marker`, or updates it in place: one comment per pull request. */
  upsertComment(input: {
    readonly number: number;
    readonly marker: string;
    readonly body: string;
    /** The pull request's comment count when known: with 0, the lookup is skipped. */
    readonly existingComments?: number;
  }): Promise<'created' | 'updated'>;
  readonly requests: RequestCounts;
}

export interface RequestCounts {
  reads: number;
  writes: number;
}

export interface PullRequestInfo {
  readonly number: number;
  readonly state: string;
  readonly baseRef: string;
  readonly baseSha: string;
  readonly headSha: string;
  readonly authorLogin: string;
  readonly authorId: number;
  readonly createdAt: string;
  /** GitHub's own counts: more than the listing returns means it was truncated. */
  readonly changedFiles: number;
  readonly commits: number;
  /** Issue comments on the pull request: 0 means there is no sticky comment to look for. */
  readonly comments: number;
}

export interface CommitInfo {
  readonly sha: string;
  readonly authorLogin: string | undefined;
}

export interface CheckRunInput {
  readonly name: string;
  readonly headSha: string;
  readonly conclusion: 'success' | 'failure' | 'action_required' | 'neutral';
  readonly title: string;
  readonly summary: string;
}

/** GitHub lists at most 3,000 files of a pull request. */
export const maxListedFiles = 3000;

const GovernanceOctokit = Octokit.plugin(paginateRest, retry, throttling);
type GovernanceOctokit = InstanceType<typeof GovernanceOctokit>;

/** Octokit with retries (5xx, network) and GitHub's rate-limit etiquette; built by the CLI. */
export function createOctokit(options: {
  readonly token: string;
  readonly baseUrl?: string;
  readonly retries?: number;
  /** Base of the retry back-off (retry n waits n² times this); tests shorten it. */
  readonly retryBaseMs?: number;
}): GovernanceOctokit {
  return new GovernanceOctokit({
    auth: options.token,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    userAgent: 'consortium-gitops-governance',
    retry: { retries: options.retries ?? 3, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
    throttle: {
      onRateLimit: (_retryAfter: number, _options: object, _octokit: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_retryAfter: number, _options: object, _octokit: unknown, retryCount: number) =>
        retryCount < 2,
    },
  });
}

export function createGithubClient(options: {
  readonly octokit: GovernanceOctokit;
  readonly owner: string;
  readonly repo: string;
  /** Login whose comments may carry the marker (the workflow token's bot). */
  readonly commentAuthor?: string;
}): GithubClient {
  const { octokit, owner, repo } = options;
  const requests: RequestCounts = { reads: 0, writes: 0 };
  octokit.hook.before('request', (request) => {
    if (request.method === 'GET') requests.reads += 1;
    else requests.writes += 1;
  });
  const commentAuthor = options.commentAuthor ?? 'github-actions[bot]';
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const status =
        typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined;
      const message = error instanceof Error ? error.message : String(error);
      throw new ExternalServiceError('GitHub', `${what}: ${message}`, {
        ...(status === undefined ? {} : { status }),
        cause: error,
      });
    }
  };
  const base = { owner, repo, per_page: 100 } as const;

  // Stop at the first page holding our comment: it is usually on the first page.
  const findComment = async (number: number, marker: string): Promise<number | undefined> => {
    for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
      ...base,
      issue_number: number,
    })) {
      const mine = page.data.find((c) => c.user?.login === commentAuthor && (c.body ?? '').includes(marker));
      if (mine !== undefined) return Number(mine.id);
    }
    return undefined;
  };

  return {
    requests,
    getPullRequest: (number) =>
      call(`reading pull request #${number}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
          owner,
          repo,
          pull_number: number,
        });
        return {
          number: data.number,
          state: data.state,
          baseRef: data.base.ref,
          baseSha: data.base.sha,
          headSha: data.head.sha,
          authorLogin: data.user.login,
          authorId: Number(data.user.id),
          createdAt: data.created_at,
          changedFiles: data.changed_files,
          commits: data.commits,
          comments: data.comments,
        };
      }),
    listPullRequestFiles: (number) =>
      call(`listing the files of #${number}`, async () => {
        const data = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
          ...base,
          pull_number: number,
        });
        const files: ChangedPath[] = [];
        for (const file of data) {
          if (file.status === 'renamed' && file.previous_filename !== undefined) {
            files.push({ path: file.previous_filename, status: 'removed' }, { path: file.filename, status: 'added' });
          } else if (file.status === 'added' || file.status === 'removed')
            files.push({ path: file.filename, status: file.status });
          else if (file.status === 'copied') files.push({ path: file.filename, status: 'added' });
          else files.push({ path: file.filename, status: 'modified' });
        }
        return { files, listed: data.length };
      }),
    listPullRequestCommits: (number) =>
      call(`listing the commits of #${number}`, async () => {
        const data = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', {
          ...base,
          pull_number: number,
        });
        return data.map((c) => ({ sha: c.sha, authorLogin: c.author?.login }));
      }),
    listPullRequestReviews: (number) =>
      call(`listing the reviews of #${number}`, async () => {
        const data = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', {
          ...base,
          pull_number: number,
        });
        return data.map((r) => ({
          id: Number(r.id),
          user: r.user === null ? null : { login: r.user.login, id: Number(r.user.id) },
          state: r.state,
          commit_id: r.commit_id,
          submitted_at: r.submitted_at ?? null,
          body: r.body,
        }));
      }),
    createCheckRun: (run) =>
      call('creating the check run', async () => {
        await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
          owner,
          repo,
          name: run.name,
          head_sha: run.headSha,
          status: 'completed',
          conclusion: run.conclusion,
          output: { title: run.title, summary: run.summary },
        });
      }),
    upsertComment: (input) =>
      call('writing the pull-request comment', async () => {
        let found: number | undefined;
        if (input.existingComments !== 0) found = await findComment(input.number, input.marker);
        if (found === undefined) {
          await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
            owner,
            repo,
            issue_number: input.number,
            body: input.body,
          });
          return 'created';
        }
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          owner,
          repo,
          comment_id: found,
          body: input.body,
        });
        return 'updated';
      }),
  };
}
