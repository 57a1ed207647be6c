import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { write } from '../io.ts';
import { ExitCode } from '../exit-codes.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { requireGitRepository } from '../../commands/require-repository.ts';
import { UsageError } from '../../errors.ts';
import { openGitRepository } from '../../adapters/git.ts';
import { createGithubClient, createOctokit } from '../../adapters/github.ts';
import { runApprovals, RevisionNotFoundError, type ApprovalsResult } from '../../commands/approvals.ts';
import { runPullRequestApprovals } from '../../commands/approvals-github.ts';
import { describeExposure, renderReport } from '../../governance/render-report.ts';
import type { Review } from '../../governance/types.ts';

const usage = `Usage:
  consortium approvals --base REF --head REF [--reviews FILE] [--author LOGIN] [--author-id N]
                       [--opened-at ISO-8601] [--repo DIR] [--format text|json|github]
  consortium approvals --pr N [--base REF] [--repo DIR] [--format text|json|github] [--dry-run]
                       [--comment-author LOGIN]

Which member organizations must approve the change from BASE to HEAD, and whether they have.
Both revisions are read as git data (nothing is checked out); the rules and the admin registry
come from BASE. Offline, --reviews is a JSON array of GitHub REST review objects and --author the
pull request's author (their numeric id is looked up in BASE unless --author-id is given).
Without --opened-at, critical changes stay pending (their minimum open time cannot be checked).

--pr N reads the pull request from GitHub (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL) and
writes a check run named consortium-governance/<base branch> and one sticky comment (found by
its hidden marker among the comments of --comment-author, default github-actions[bot]).

Exit status: 0 approved, 1 pending, rejected or error, 2 usage.`;

const options = {
  repo: { type: 'string' },
  format: { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  reviews: { type: 'string' },
  author: { type: 'string' },
  'author-id': { type: 'string' },
  'opened-at': { type: 'string' },
  pr: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'comment-author': { type: 'string' },
} as const;

export const command: CliCommand = {
  name: 'approvals',
  summary: 'which member organizations must approve a change, and whether they have',
  usage,
  options,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, options);
    const format = parseFormat(values.format, ['text', 'json', 'github']);
    const repoDir = resolve(io.cwd, values.repo ?? '.');
    await requireGitRepository(repoDir, 'approvals compares two revisions of the repository');
    const git = openGitRepository(repoDir);
    let result: ApprovalsResult;
    let report: string | undefined;
    let extra: Record<string, unknown> = {};
    try {
      if (values.pr !== undefined) {
        const number = Number(values.pr);
        if (!Number.isInteger(number) || number <= 0)
          throw new UsageError(`--pr must be a pull-request number (got "${values.pr}")`);
        const github = githubFromEnv(io, values['comment-author']);
        const pr = await runPullRequestApprovals({
          git,
          github,
          number,
          now: io.now(),
          ...(values.base === undefined ? {} : { base: values.base }),
          readOnly: values['dry-run'] === true,
          ...fetcherFromEnv(io, git),
        });
        result = pr;
        report = pr.report;
        extra = { pullRequest: pr.pullRequest, checkName: pr.checkName, comment: pr.comment, requests: pr.requests };
      } else {
        if (values.base === undefined || values.head === undefined)
          throw new UsageError('--base and --head are required (or --pr N)');
        refusePlaceholder('--base', values.base);
        refusePlaceholder('--head', values.head);
        const openedAt = values['opened-at'] === undefined ? undefined : parseDate(values['opened-at']);
        const authorId = values['author-id'] === undefined ? undefined : Number(values['author-id']);
        if (authorId !== undefined && !Number.isSafeInteger(authorId))
          throw new UsageError('--author-id must be a numeric GitHub user id');
        result = await runApprovals({
          git,
          base: values.base,
          head: values.head,
          reviews: values.reviews === undefined ? [] : await readReviews(resolve(io.cwd, values.reviews)),
          author: { login: values.author ?? '', id: authorId },
          openedAt,
          now: io.now(),
        });
      }
    } catch (error) {
      if (error instanceof RevisionNotFoundError) throw new UsageError(await explainMissingRevision(git.dir, error));
      throw error;
    }

    const json = {
      verdict: result.verdict,
      changes: result.changes,
      errors: result.errors,
      ignoredReviews: result.ignoredReviews,
      base: result.base,
      head: result.head,
      changeSetDigest: result.changeSetDigest,
      warnings: result.headWarnings,
      exposureChanges: result.exposureChanges,
      ...extra,
    };
    if (format === 'json') write(io.stdout, JSON.stringify(json, null, 2));
    else if (format === 'github') {
      report ??= renderReport({
        result,
        base: result.baseModel,
        head: result.headModel,
        baseLabel: values.base ?? result.base,
        headSha: result.head,
        exposureChanges: result.exposureChanges,
      });
      for (const change of result.changes.filter((c) => !c.satisfied)) {
        const level = result.verdict === 'pending' ? 'warning' : 'error';
        write(
          io.stdout,
          `::${level} title=${escapeProperty(`${change.kind} ${change.subject}`)}::${escapeData([...change.missing].join('; ') || 'not approved')}`,
        );
      }
      const summaryFile = io.env['GITHUB_STEP_SUMMARY'];
      if (summaryFile !== undefined && summaryFile !== '') {
        const { appendFile } = await import('node:fs/promises');
        await appendFile(summaryFile, `${report}\n`);
      } else write(io.stdout, report);
      write(io.stdout, `verdict: ${result.verdict}`);
    } else write(io.stdout, formatText(result));
    return result.verdict === 'approved' ? ExitCode.ok : ExitCode.findings;
  },
};

function githubFromEnv(io: CliIo, commentAuthor: string | undefined) {
  const token = io.env['GITHUB_TOKEN'];
  const repository = io.env['GITHUB_REPOSITORY'];
  if (token === undefined || token === '') throw new UsageError('--pr needs GITHUB_TOKEN in the environment');
  const [owner, repo, ...rest] = (repository ?? '').split('/');
  if (owner === undefined || owner === '' || repo === undefined || repo === '' || rest.length > 0) {
    throw new UsageError('--pr needs GITHUB_REPOSITORY=owner/name in the environment');
  }
  const apiUrl = io.env['GITHUB_API_URL'];
  const octokit = createOctokit({ token, ...(apiUrl === undefined || apiUrl === '' ? {} : { baseUrl: apiUrl }) });
  return createGithubClient({ octokit, owner, repo, ...(commentAuthor === undefined ? {} : { commentAuthor }) });
}

/**
 * In GitHub Actions (GITHUB_SERVER_URL set), commits of earlier heads are fetched from the
 * repository with the workflow token, so approvals survive a force-push after a rebase.
 */
function fetcherFromEnv(io: CliIo, git: ReturnType<typeof openGitRepository>) {
  const server = io.env['GITHUB_SERVER_URL'];
  const repository = io.env['GITHUB_REPOSITORY'];
  const token = io.env['GITHUB_TOKEN'];
  if (server === undefined || server === '' || repository === undefined || token === undefined) return {};
  const authorization = `basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  return {
    fetchCommits: (commits: readonly string[]) =>
      git.fetchCommits({ url: `${server}/${repository}`, commits, authorization }),
  };
}

// The reviews file is part of the command line (a simulation of GitHub's reviews), so a missing or
// malformed one is a usage error (exit 2), not a verdict.
const reviewExample =
  '[{ "id": 1, "user": { "login": "alice", "id": 1001 }, "state": "APPROVED", "commit_id": "<head sha>" }]';

async function readReviews(file: string): Promise<Review[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : String(error);
    throw new UsageError(
      `--reviews ${file}: ${why}; it is a JSON array of GitHub review objects, e.g. ${reviewExample}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--reviews ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!Array.isArray(parsed))
    throw new UsageError(`--reviews ${file}: expected a JSON array of GitHub review objects, e.g. ${reviewExample}`);
  return parsed.map((item: unknown, i) => {
    const r = item as Partial<Review> | null;
    const user = r?.user;
    const valid =
      r !== null &&
      typeof r === 'object' &&
      typeof r.id === 'number' &&
      typeof r.state === 'string' &&
      (user === null || (typeof user === 'object' && typeof user?.id === 'number' && typeof user.login === 'string')) &&
      (r.commit_id === null || typeof r.commit_id === 'string');
    if (!valid)
      throw new UsageError(
        `--reviews ${file}: review ${i} needs id (number), user {login, id}, state and commit_id, e.g. ${reviewExample}`,
      );
    if (typeof r.commit_id === 'string' && isPlaceholder(r.commit_id))
      throw new UsageError(
        `--reviews ${file}: review ${i}: commit_id is the placeholder "${r.commit_id}": put the id of the commit the review approves there, the head's: git rev-parse <head branch>`,
      );
    return r as Review;
  });
}

/** "<head sha>" and the like, copied from the README's example as they are. */
function isPlaceholder(text: string): boolean {
  return /^<[^<>]*>$/.test(text.trim());
}

function refusePlaceholder(flag: string, value: string): void {
  if (isPlaceholder(value))
    throw new UsageError(
      `${flag} "${value}" is a placeholder: name a branch or commit, e.g. ${flag} ${flag === '--base' ? 'main' : 'my-branch (or its id: git rev-parse my-branch)'}`,
    );
}

/** A revision git cannot find is most often a wrong --repo: say which, and what to do. */
async function explainMissingRevision(dir: string, error: Error): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  const fix = 'pass --repo DIR, a Git clone of the consortium repository';
  if (info === undefined) return `--repo ${dir}: no such directory; ${fix}`;
  if (!info.isDirectory()) return `--repo ${dir}: not a directory; ${fix}`;
  return `${error.message} (check --base and --head; a branch that exists only on the remote needs \`git fetch\` first)`;
}

function parseDate(text: string): Date {
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(text))
    throw new UsageError(`--opened-at must be an ISO-8601 time (got "${text}")`);
  return date;
}

function formatText(result: ApprovalsResult): string {
  const lines = [`verdict: ${result.verdict}`];
  for (const error of result.errors) lines.push(`  error: ${error}`);
  for (const change of result.changes) {
    const state =
      change.kind === 'error'
        ? 'error'
        : change.vetoedBy.length > 0
          ? 'rejected'
          : change.satisfied
            ? 'approved'
            : 'pending';
    lines.push(
      '',
      `${change.kind} ${change.subject}: ${state}${change.critical ? ' (critical)' : ''}`,
      `  ${change.summary}`,
      `  requires: ${change.requires}`,
    );
    if (change.approvedBy.length > 0)
      lines.push(`  approved by: ${change.approvedBy.map((a) => `${a.mspId} (${a.admins.join(', ')})`).join(', ')}`);
    for (const veto of change.vetoedBy) lines.push(`  changes requested by: ${veto.admins.join(', ')} (${veto.mspId})`);
    for (const missing of change.missing) lines.push(`  ${missing}`);
  }
  for (const ignored of result.ignoredReviews) lines.push(`  not counted: ${ignored.login}: ${ignored.reason}`);
  for (const change of result.exposureChanges) lines.push(`  exposure: ${describeExposure(change)}`);
  for (const w of result.headWarnings) lines.push(`  warning ${w.file}:${w.line} ${w.rule}: ${w.message}`);
  return `${lines.join('\n')}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
