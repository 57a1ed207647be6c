import { constants } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';
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
 */
export function createFilesystemReader(root: string, options: FilesystemReaderOptions = {}): RepoReader {
  const base = resolve(root);
  const exclude = new Set(options.exclude ?? ['.git', 'node_modules']);
  return {
    description: base,
    async listFiles(): Promise<readonly RepoEntry[]> {
      const entries: RepoEntry[] = [];
      // Directories are read one after another but the entries of each are examined together:
      // a stat per file, awaited one by one, leaves the disk idle most of the time.
      const pending: string[] = [''];
      while (pending.length > 0) {
        const dir = pending.pop() ?? '';
        let dirents;
        try {
          dirents = await readdir(join(base, dir), { withFileTypes: true });
        } catch (error) {
          if (dir === '') throw error;
          // An unreadable folder could hide anything: list it as an entry whose read fails, so the
          // loader reports it instead of silently skipping it.
          entries.push({ path: dir, kind: 'file', size: 0 });
          continue;
        }
        await Promise.all(
          dirents.map(async (dirent) => {
            const path = dir === '' ? dirent.name : `${dir}/${dirent.name}`;
            if (dirent.isDirectory()) {
              if (!exclude.has(dirent.name)) pending.push(path);
            } else if (dirent.isSymbolicLink()) {
              entries.push({ path, kind: 'symlink', target: await readlink(join(base, path)) });
            } else if (dirent.isFile()) {
              entries.push({ path, kind: 'file', size: (await lstat(join(base, path))).size });
            }
          }),
        );
      }
      return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async readFile(path: string): Promise<Buffer> {
      const segments = path.split('/');
      if (path.startsWith('/') || path.includes('\0') || segments.some((s) => s === '..' || s === '.' || s === '')) {
        throw new Error(`not a repository-relative path: ${JSON.stringify(path)}`);
      }
      // O_NOFOLLOW: a file replaced by a symbolic link since it was listed is refused, not followed.
      // (Directories were listed without following links, so no parent can be one.)
      return readFile(join(base, ...segments), { flag: constants.O_RDONLY | constants.O_NOFOLLOW });
    },
  };
}
