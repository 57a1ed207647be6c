import { execFile, spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import type { RepoEntry, RepoReader } from './repo-reader.ts';
import { ExternalServiceError } from '../errors.ts';

/**
 * Git access for governance: read any revision as a RepoReader without checking it out (so the
 * toolkit that runs is never the toolkit the pull request proposes), list the files a pull request
 * changes, and resolve revisions. Plain `git` plumbing commands; no working tree is touched.
 */
export interface GitRepository {
  readonly dir: string;
  /** Full commit id of REV, or undefined when it does not name a commit here. */
  resolveCommit(rev: string): Promise<string | undefined>;
  /** Best common ancestor, as GitHub uses for a pull request's "Files changed" (base...head). */
  mergeBase(a: string, b: string): Promise<string | undefined>;
  /** Files changed between merge-base(base, head) and head; renames are a removal plus an addition. */
  listChangedFiles(base: string, head: string): Promise<readonly ChangedFile[]>;
  /** A reader of the tree of commit REV. */
  readerAt(rev: string): Promise<RepoReader>;
  /**
   * Every blob the commits in base..head bring in (reachable from head, not from base), with one
   * path it has there: what a pull request adds to the shared history, whatever its last tree holds.
   */
  listIntroducedBlobs(base: string, head: string): Promise<readonly IntroducedBlob[]>;
  /** Contents of blobs by id; blobs that are missing are absent from the map. */
  readBlobs(oids: readonly string[]): Promise<ReadonlyMap<string, Buffer>>;
  /** Commits in base..head that add or remove the object, oldest first, with their subject line. */
  listCommitsTouching(base: string, head: string, oid: string): Promise<readonly CommitSummary[]>;
  /**
   * Paths `git add --all` would commit from the working tree: tracked files plus untracked ones
   * that are not ignored (a tracked file deleted on disk may still be listed).
   */
  listWorkingTreeFiles(): Promise<readonly string[]>;
  /**
   * Fetches commits by id from a remote (GitHub serves commits of a pull request's earlier heads
   * by id even after a force-push). Best effort: returns the ids still missing afterwards.
   */
  fetchCommits(options: FetchCommitsOptions): Promise<readonly string[]>;
}

export interface FetchCommitsOptions {
  readonly url: string;
  readonly commits: readonly string[];
  /** Value of an HTTP Authorization header; passed through the environment, never the command line. */
  readonly authorization?: string;
}

export interface IntroducedBlob {
  readonly oid: string;
  readonly path: string;
  readonly size: number;
}

export interface CommitSummary {
  readonly commit: string;
  readonly subject: string;
}

export interface ChangedFile {
  readonly path: string;
  readonly status: 'added' | 'removed' | 'modified';
}

/** Largest file the reader hands out; bigger blobs are listed with their size but not read. */
const maxFileBytes = 8 * 1024 * 1024;

export function openGitRepository(dir: string): GitRepository {
  const git = (args: readonly string[]) => runGit(dir, args);
  return {
    dir,
    async resolveCommit(rev) {
      if (rev.startsWith('-')) return undefined;
      try {
        return (await git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async mergeBase(a, b) {
      try {
        return (await git(['merge-base', a, b])).trim() || undefined;
      } catch {
        return undefined;
      }
    },
    async listChangedFiles(base, head) {
      const out = await git(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', `${base}...${head}`]);
      return parseNameStatus(out);
    },
    async fetchCommits(options) {
      const wanted = options.commits.filter((c) => /^[0-9a-f]{40}$/.test(c));
      const missing: string[] = [];
      for (const commit of wanted) if ((await this.resolveCommit(commit)) === undefined) missing.push(commit);
      if (missing.length === 0) return [];
      const auth: NodeJS.ProcessEnv =
        options.authorization === undefined
          ? {}
          : {
              GIT_CONFIG_COUNT: '1',
              GIT_CONFIG_KEY_0: 'http.extraheader',
              GIT_CONFIG_VALUE_0: `AUTHORIZATION: ${options.authorization}`,
            };
      const fetch = (commits: readonly string[]) =>
        runGitBuffer(dir, ['fetch', '--quiet', '--no-tags', '--no-recurse-submodules', options.url, ...commits], auth);
      try {
        await fetch(missing);
      } catch {
        // One unknown id fails the whole fetch: retry one by one. Commits the remote no longer
        // serves stay missing, and their approvals do not count.
        for (const commit of missing) await fetch([commit]).catch(() => undefined);
      }
      const still: string[] = [];
      for (const commit of missing) if ((await this.resolveCommit(commit)) === undefined) still.push(commit);
      return still;
    },
    async listIntroducedBlobs(base, head) {
      // "<oid> <path>" for trees and blobs ("<oid>" alone for commits); the first path seen names it.
      const named = await git(['rev-list', '--objects', head, `^${base}`]);
      const paths = new Map<string, string>();
      for (const line of named.split('\n')) {
        const space = line.indexOf(' ');
        if (space > 0 && !paths.has(line.slice(0, space))) paths.set(line.slice(0, space), line.slice(space + 1));
      }
      const types = await batchCheck(dir, [...paths.keys()]);
      const blobs: IntroducedBlob[] = [];
      for (const [oid, path] of paths) {
        const info = types.get(oid);
        if (info?.type === 'blob') blobs.push({ oid, path, size: info.size });
      }
      return blobs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.oid < b.oid ? -1 : 1));
    },
    readBlobs: (oids) => readBlobs(dir, oids),
    async listCommitsTouching(base, head, oid) {
      const out = await git(['log', '--reverse', '--format=%H %s', `--find-object=${oid}`, head, `^${base}`]);
      return out
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => ({ commit: line.slice(0, 40), subject: line.slice(41) }));
    },
    async listWorkingTreeFiles() {
      const out = await git(['ls-files', '-z', '--cached', '--others', '--exclude-standard']);
      return [...new Set(out.split('\0').filter((p) => p !== ''))].sort();
    },
    async readerAt(rev) {
      const commit = await this.resolveCommit(rev);
      if (commit === undefined) throw new ExternalServiceError('git', `"${rev}" is not a commit in ${dir}`);
      return createTreeReader({ dir, commit, description: `${rev}@${commit.slice(0, 7)}` });
    },
  };
}

/**
 * True when DIR is the top level of a Git working tree: not a folder inside one (whose revisions
 * hold the consortium under a prefix), not a bare repository, not outside Git.
 */
export async function isWorkingTreeRoot(dir: string): Promise<boolean> {
  try {
    const top = (await runGit(dir, ['rev-parse', '--show-toplevel'])).trim();
    return top !== '' && realpathSync(top) === realpathSync(dir);
  } catch {
    return false;
  }
}

/**
 * Whether DIR is inside a Git repository (a working tree at any depth, or a bare repository), and
 * when it is not, why: `git` itself missing is a different fix from a wrong directory.
 */
export async function checkGitRepository(dir: string): Promise<'repository' | 'not-a-repository' | 'no-git'> {
  try {
    await runGit(dir, ['rev-parse', '--git-dir']);
    return 'repository';
  } catch (error) {
    const code = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    return code === 'ENOENT' ? 'no-git' : 'not-a-repository';
  }
}

function parseNameStatus(out: string): ChangedFile[] {
  const parts = out.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const code = parts[i] ?? '';
    const path = parts[i + 1] ?? '';
    if (path === '') continue;
    // With --no-renames only A, D, M, T (type change) and U remain; T and U are "modified".
    const status = code.startsWith('A') ? 'added' : code.startsWith('D') ? 'removed' : 'modified';
    files.push({ path, status });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface TreeEntry {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
  readonly size: number;
}

async function createTreeReader(opts: { dir: string; commit: string; description: string }): Promise<RepoReader> {
  const listing = await runGit(opts.dir, ['ls-tree', '-r', '-z', '--long', '--full-tree', opts.commit]);
  const entries = new Map<string, TreeEntry>();
  for (const record of listing.split('\0')) {
    if (record === '') continue;
    // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
    const tab = record.indexOf('\t');
    const [mode = '', type = '', oid = '', size = '-'] = record.slice(0, tab).split(/ +/);
    if (type !== 'blob') continue; // submodules (commit entries) are not repository content
    entries.set(record.slice(tab + 1), { path: record.slice(tab + 1), mode, oid, size: Number(size) });
  }
  const sorted = [...entries.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // One `git cat-file --batch` process reads every blob of the tree the first time any file is
  // asked for: a loader reads nearly all files, and one process per file costs far more.
  let allBlobs: Promise<Map<string, Buffer>> | undefined;
  const readBlob = async (oid: string): Promise<Buffer> => {
    allBlobs ??= readBlobs(opts.dir, [...new Set(sorted.filter((e) => e.size <= maxFileBytes).map((e) => e.oid))]);
    const blob = (await allBlobs).get(oid);
    return blob ?? runGitBuffer(opts.dir, ['cat-file', 'blob', oid]);
  };
  const symlinkTargets = new Map<string, string>();
  for (const entry of sorted) {
    if (entry.mode === '120000') symlinkTargets.set(entry.path, (await readBlob(entry.oid)).toString('utf8'));
  }
  const files: RepoEntry[] = sorted.map((entry) => {
    const target = symlinkTargets.get(entry.path);
    return target === undefined
      ? { path: entry.path, kind: 'file', size: entry.size }
      : { path: entry.path, kind: 'symlink', target };
  });
  return {
    description: opts.description,
    listFiles: () => Promise.resolve(files),
    async readFile(path) {
      const entry = entries.get(path);
      if (entry === undefined || entry.mode === '120000') {
        throw new ExternalServiceError('git', `${path} is not a regular file in ${opts.description}`);
      }
      if (entry.size > maxFileBytes) {
        throw new ExternalServiceError('git', `${path} is larger than ${maxFileBytes} bytes in ${opts.description}`);
      }
      return readBlob(entry.oid);
    },
  };
}

function runGit(dir: string, args: readonly string[]): Promise<string> {
  return runGitBuffer(dir, args).then((buffer) => buffer.toString('utf8'));
}

function runGitBuffer(dir: string, args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-C', dir, '-c', 'core.quotePath=false', ...args],
      { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, env: { ...gitEnv(), ...extraEnv } },
      (error, stdout, stderr) => {
        if (error) {
          const message = Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : error.message;
          reject(
            new ExternalServiceError('git', `git ${args[0] ?? ''} failed: ${message || error.message}`, {
              cause: error,
            }),
          );
        } else resolve(stdout);
      },
    );
  });
}

/** Ignore the user's and system's git configuration so hooks, pagers and filters cannot interfere. */
function gitEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    LC_ALL: 'C',
    HOME: process.env['HOME'],
  };
}

/** Type and size of many objects through one `git cat-file --batch-check`. */
function batchCheck(dir: string, oids: readonly string[]): Promise<Map<string, { type: string; size: number }>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'cat-file', '--batch-check'], {
      env: gitEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new ExternalServiceError('git', `git cat-file --batch-check exited with ${code}`));
      const found = new Map<string, { type: string; size: number }>();
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        const [oid = '', type = '', size = ''] = line.split(' ');
        if (type !== '' && type !== 'missing') found.set(oid, { type, size: Number(size) });
      }
      resolve(found);
    });
    child.stdin.end(oids.map((oid) => `${oid}\n`).join(''));
  });
}

/** Contents of many blobs through one `git cat-file --batch`. */
function readBlobs(dir: string, oids: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', dir, 'cat-file', '--batch'], { env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.resume();
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new ExternalServiceError('git', `git cat-file --batch exited with ${code}`));
      const out = Buffer.concat(chunks);
      const blobs = new Map<string, Buffer>();
      let at = 0;
      while (at < out.length) {
        const eol = out.indexOf(0x0a, at);
        if (eol < 0) break;
        const [oid = '', type = '', size = ''] = out.subarray(at, eol).toString('utf8').split(' ');
        if (type === 'missing' || size === '') {
          at = eol + 1;
          continue;
        }
        const length = Number(size);
        blobs.set(oid, out.subarray(eol + 1, eol + 1 + length));
        at = eol + 1 + length + 1; // content is followed by a newline
      }
      resolve(blobs);
    });
    child.stdin.end(oids.map((oid) => `${oid}\n`).join(''));
  });
}
