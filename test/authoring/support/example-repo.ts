// A temporary copy of the example consortium (consortium/, orgs/, channels/, schemas/) for tests
// of the authoring commands, on real files, optionally as a Git repository with a commit on main.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '../../..');
const templateParts = ['consortium', 'orgs', 'channels', 'chaincode', 'schemas'] as const;

export interface ExampleRepo {
  readonly dir: string;
  /** Every file under dir (except .git) with its contents, for "nothing was written" assertions. */
  snapshot(): Record<string, string>;
  read(path: string): string;
  git(...args: string[]): string;
  remove(): void;
}

/** A promise, like the other repository helpers of the tests, so call sites read alike. */
export function createExampleRepo(options: { git?: boolean } = {}): Promise<ExampleRepo> {
  const dir = mkdtempSync(join(tmpdir(), 'consortium-authoring-'));
  for (const part of templateParts) cpSync(join(projectRoot, part), join(dir, part), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir },
    }).trim();
  if (options.git === true) {
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'Test');
    git('config', 'user.email', 'test@example.invalid');
    git('add', '--all');
    git('commit', '--quiet', '-m', 'Seed the consortium');
  }
  return Promise.resolve({
    dir,
    snapshot: () => snapshotTree(dir),
    read: (path) => readFileSync(join(dir, path), 'utf8'),
    git,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  });
}

/** For a test file: a function that creates an example repository, each removed after its test. */
export function useExampleRepos(): (options?: { git?: boolean }) => Promise<ExampleRepo> {
  const repos: ExampleRepo[] = [];
  afterEach(() => {
    for (const repo of repos.splice(0)) repo.remove();
  });
  return async (options) => {
    const repo = await createExampleRepo(options);
    repos.push(repo);
    return repo;
  };
}

export function snapshotTree(root: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, prefix)).sort()) {
    if (name === '.git') continue;
    const rel = prefix === '' ? name : `${prefix}/${name}`;
    if (statSync(join(root, rel)).isDirectory()) Object.assign(out, { [`${rel}/`]: '' }, snapshotTree(root, rel));
    // Binary ledger files compare by their bytes (as base64), text files as text.
    else
      out[rel] = rel.endsWith('.block')
        ? readFileSync(join(root, rel)).toString('base64')
        : readFileSync(join(root, rel), 'utf8');
  }
  return out;
}
