import { closeSync, constants, lstatSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import type { RepoEntry, RepoReader } from './repo-reader.ts';

export interface FilesystemReaderOptions {
  /**
   * Directory names skipped wherever they occur. Default: `.git` and `node_modules` (neither is
   * part of a revision's content).
   */
  readonly exclude?: readonly string[];
}

/**
 * A RepoReader over a working directory. Symbolic links are listed, never followed (the loader
 * decides what to say about them); sockets, FIFOs and devices are left out, since reading a FIFO
 * would block forever.
 *
 * The file system calls are synchronous on purpose: a repository is thousands of small files, and
 * a synchronous stat or read of a small file costs a fraction of the thread-pool round trip of its
 * promise version (the whole load runs about twice as fast). The interface stays asynchronous
 * for readers that need it (Git).
 */
export function createFilesystemReader(root: string, options: FilesystemReaderOptions = {}): RepoReader {
  const base = resolve(root);
  const exclude = new Set(options.exclude ?? ['.git', 'node_modules']);
  return {
    description: base,
    listFiles(): Promise<readonly RepoEntry[]> {
      const entries: RepoEntry[] = [];
      const pending: string[] = [''];
      while (pending.length > 0) {
        const dir = pending.pop() ?? '';
        let dirents;
        try {
          dirents = readdirSync(join(base, dir), { withFileTypes: true });
        } catch (error) {
          if (dir === '') return Promise.reject(describeMissingRoot(base, error));
          // An unreadable folder could hide anything: list it as an entry whose read fails, so the
          // loader reports it instead of silently skipping it.
          entries.push({ path: dir, kind: 'file', size: 0 });
          continue;
        }
        for (const dirent of dirents) {
          const path = dir === '' ? dirent.name : `${dir}/${dirent.name}`;
          if (dirent.isDirectory()) {
            if (!exclude.has(dirent.name)) pending.push(path);
          } else if (dirent.isSymbolicLink()) {
            entries.push({ path, kind: 'symlink', target: readlinkSync(join(base, path)) });
          } else if (dirent.isFile()) {
            entries.push(fileEntry(base, path));
          }
        }
      }
      return Promise.resolve(entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
    },
    readFile(path: string): Promise<Buffer> {
      const segments = path.split('/');
      if (path.startsWith('/') || path.includes('\0') || segments.some((s) => s === '..' || s === '.' || s === '')) {
        return Promise.reject(new Error(`not a repository-relative path: ${JSON.stringify(path)}`));
      }
      try {
        // O_NOFOLLOW: a file replaced by a symbolic link since it was listed is refused, not
        // followed (directories were listed without following links, so no parent is one).
        // O_NONBLOCK: one replaced by a FIFO cannot block the process.
        const fd = openSync(join(base, ...segments), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
        try {
          return Promise.resolve(readFileSync(fd));
        } finally {
          closeSync(fd);
        }
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/**
 * A regular file whose size is looked up when first asked for: a loader that reads only part of
 * the repository (a member's scope) asks for the size of the files it reads, and the thousands of
 * others cost no system call. A file gone since it was listed has size 0; reading it says why.
 */
function fileEntry(base: string, path: string): RepoEntry {
  let size: number | undefined;
  return {
    path,
    kind: 'file',
    get size(): number {
      if (size === undefined) {
        try {
          size = lstatSync(join(base, path)).size;
        } catch {
          size = 0;
        }
      }
      return size;
    },
  };
}

/**
 * The repository root itself cannot be listed: nearly always a wrong --repo or working directory,
 * so it is a usage error that says what to do, not an unexplained ENOENT from deep in the loader.
 */
function describeMissingRoot(base: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const fix = 'pass --repo DIR, the root of a consortium repository (the folder holding consortium/consortium.yaml)';
  if (code === 'ENOENT') return new UsageError(`${base}: no such directory; ${fix}`);
  if (code === 'ENOTDIR') return new UsageError(`${base}: not a directory; ${fix}`);
  if (code === 'EACCES' || code === 'EPERM') return new UsageError(`${base}: permission denied; ${fix}`);
  return error instanceof Error ? error : new Error(String(error));
}
