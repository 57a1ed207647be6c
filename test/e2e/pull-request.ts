// A pull request on the example's repository as the members' Git host would carry it: a branch
// off main with the change committed, then merged into main with a merge commit. Every member's
// reconcile reads main afterwards.
import { execFileSync } from 'node:child_process';

export interface PullRequest {
  readonly branch: string;
  /** Commits everything in the work tree on the branch, merges it into main and returns the merge commit. */
  merge(message: string): string;
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

/** Starts a branch off main; the authoring commands then run in the work tree. */
export function openPullRequest(repoDir: string, branch: string): PullRequest {
  git(repoDir, 'switch', '-q', 'main');
  git(repoDir, 'switch', '-q', '-c', branch);
  return {
    branch,
    merge(message) {
      git(repoDir, 'add', '-A');
      git(repoDir, 'commit', '-q', '-m', message);
      git(repoDir, 'switch', '-q', 'main');
      git(repoDir, 'merge', '-q', '--no-ff', '-m', `Merge ${branch}: ${message}`, branch);
      return git(repoDir, 'rev-parse', 'HEAD');
    },
  };
}
