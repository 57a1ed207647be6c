import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A temporary Git repository built from inline file trees, with real commits, for tests that need
 * real `git` (governance reads base and head revisions through it).
 *
 *   const repo = createGitRepo();
 *   const base = repo.commit({ branch: 'main', files: { 'README.md': '# hi\n' } });
 *   const head = repo.commit({ branch: 'pr', from: 'main', files: { 'docs/a.md': 'a', 'README.md': null } });
 *
 * `files` maps repository paths to contents; `null` deletes the path; `{ symlink: 'target' }`
 * makes a symbolic link. With `replace: true` the tree becomes exactly `files`.
 */
export type FileTree = Readonly<Record<string, string | Buffer | null | { readonly symlink: string }>>;

export interface CommitOptions {
  readonly branch: string;
  /** Branch or commit to start `branch` from when it does not exist yet. Default: an orphan branch. */
  readonly from?: string;
  readonly files: FileTree;
  readonly replace?: boolean;
  readonly message?: string;
  readonly author?: { readonly name: string; readonly email: string };
}

export interface TempGitRepo {
  readonly dir: string;
  commit(options: CommitOptions): string;
  /** Run git in the repository and return its trimmed standard output. */
  git(...args: string[]): string;
  remove(): void;
}

export function createGitRepo(options: { readonly prefix?: string } = {}): TempGitRepo {
  const dir = mkdtempSync(join(tmpdir(), options.prefix ?? 'consortium-git-'));
  let tick = 0;
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: { ...hermeticEnv(), GIT_AUTHOR_DATE: date(tick), GIT_COMMITTER_DATE: date(tick) },
      maxBuffer: 256 * 1024 * 1024,
    }).trim();
  git('init', '--quiet', '--initial-branch=main');
  git('config', 'user.name', 'Test');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'commit.gpgsign', 'false');
  let hasCommits = false;
  const branches = new Set<string>();

  return {
    dir,
    git,
    commit(commit) {
      tick += 1;
      const orphan = !branches.has(commit.branch) && commit.from === undefined;
      if (!branches.has(commit.branch)) {
        if (commit.from !== undefined) git('checkout', '--quiet', '-B', commit.branch, commit.from);
        else if (hasCommits) git('checkout', '--quiet', '--orphan', commit.branch);
        else git('checkout', '--quiet', '-B', commit.branch);
        branches.add(commit.branch);
      } else {
        git('checkout', '--quiet', commit.branch);
      }
      if (commit.replace === true || orphan) {
        const tracked = git('ls-files', '-z')
          .split('\0')
          .filter((p) => p !== '');
        for (const path of tracked) rmSync(join(dir, path), { force: true });
      }
      for (const [path, content] of Object.entries(commit.files)) {
        const file = join(dir, path);
        rmSync(file, { force: true, recursive: true });
        if (content === null) continue;
        mkdirSync(dirname(file), { recursive: true });
        if (typeof content === 'string' || Buffer.isBuffer(content)) writeFileSync(file, content);
        else symlinkSync(content.symlink, file);
      }
      git('add', '--all');
      const author = commit.author === undefined ? [] : [`--author=${commit.author.name} <${commit.author.email}>`];
      git('commit', '--quiet', '--allow-empty', '--no-verify', '-m', commit.message ?? `commit ${tick}`, ...author);
      hasCommits = true;
      return git('rev-parse', 'HEAD');
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function date(tick: number): string {
  return new Date(Date.UTC(2026, 0, 1) + tick * 60_000).toISOString();
}

function hermeticEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
  };
}
