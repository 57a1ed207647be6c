// A pull request on the example's repository as the members' Git host would carry it: a branch
// off main with the change committed, the governance check (`consortium approvals`, offline, with
// the reviews of the members' admins named in their org.yaml), then a merge commit into main.
// Every member's reconcile reads main afterwards.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../support/run-cli.ts';

export interface Verdict {
  readonly verdict: string;
  readonly changes: readonly { readonly kind: string; readonly subject: string; readonly satisfied: boolean }[];
}

export interface PullRequest {
  readonly branch: string;
  /** Commits everything in the work tree on the branch; returns the head commit. */
  commit(message: string): string;
  /**
   * The governance check on the committed head, with an approving review by the first admin of each
   * org in `approvers`, the pull request opened by `author` (a GitHub login).
   */
  check(options: {
    readonly author: string;
    readonly approvers: readonly string[];
    readonly workDir: string;
  }): Promise<Verdict>;
  /** Merges the branch into main with a merge commit; returns it. */
  merge(): string;
}

function git(repoDir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repoDir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'e2e',
      GIT_AUTHOR_EMAIL: 'e2e@consortium.test',
      GIT_COMMITTER_NAME: 'e2e',
      GIT_COMMITTER_EMAIL: 'e2e@consortium.test',
    },
  }).trim();
}

async function firstAdmin(repoDir: string, org: string): Promise<{ github: string; githubId: number }> {
  const yaml = parse(await readFile(join(repoDir, 'orgs', org, 'org.yaml'), 'utf8')) as {
    admins: { github: string; githubId: number }[];
  };
  const admin = yaml.admins[0];
  if (admin === undefined) throw new Error(`orgs/${org}/org.yaml names no admin`);
  return admin;
}

/** Starts a branch off main; the authoring commands then run in the work tree. */
export function openPullRequest(repoDir: string, branch: string): PullRequest {
  git(repoDir, 'switch', '-q', 'main');
  git(repoDir, 'switch', '-q', '-c', branch);
  let message = branch;
  return {
    branch,
    commit(text) {
      message = text;
      git(repoDir, 'add', '-A');
      git(repoDir, 'commit', '-q', '-m', text);
      return git(repoDir, 'rev-parse', 'HEAD');
    },
    async check(options) {
      const head = git(repoDir, 'rev-parse', 'HEAD');
      const reviews = await Promise.all(
        options.approvers.map(async (org, i) => {
          const admin = await firstAdmin(repoDir, org);
          return { id: i + 1, user: { login: admin.github, id: admin.githubId }, state: 'APPROVED', commit_id: head };
        }),
      );
      const file = join(options.workDir, `reviews-${branch}.json`);
      await writeFile(file, JSON.stringify(reviews));
      const run = await runCli([
        'approvals',
        '--base',
        'main',
        '--head',
        branch,
        '--author',
        options.author,
        '--reviews',
        file,
        '--format',
        'json',
        '--repo',
        repoDir,
      ]);
      if (run.stdout === '') throw new Error(`consortium approvals exited ${run.code}:\n${run.stderr}`);
      return JSON.parse(run.stdout) as Verdict;
    },
    merge() {
      git(repoDir, 'switch', '-q', 'main');
      git(repoDir, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}: ${message}`, branch);
      return git(repoDir, 'rev-parse', 'HEAD');
    },
  };
}
