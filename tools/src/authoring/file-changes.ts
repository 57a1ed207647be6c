// What an authoring command does to the repository, as data: the files it writes and deletes.
// Computed purely from what the command read, checked (validated, previewed for approvals) through
// an overlay reader, and only then applied to disk by apply-file-changes.ts.
import type { RepoEntry, RepoReader } from '../adapters/repo-reader.ts';

export interface FileChanges {
  /** Repository-relative path -> new contents: text (UTF-8) or bytes (genesis.block, update.pb). */
  readonly writes: ReadonlyMap<string, string | Uint8Array>;
  /** Repository-relative paths of files to delete. */
  readonly deletes: ReadonlySet<string>;
}

export function createFileChanges(
  writes: Iterable<readonly [string, string | Uint8Array]> = [],
  deletes: Iterable<string> = [],
): FileChanges {
  return { writes: new Map(writes), deletes: new Set(deletes) };
}

/** Every path the change touches, sorted: what a command reports it wrote or removed. */
export function listChangedPaths(changes: FileChanges): { written: string[]; deleted: string[] } {
  return { written: [...changes.writes.keys()].sort(), deleted: [...changes.deletes].sort() };
}

/**
 * The repository as it will be once `changes` are applied, without writing anything: the loader,
 * the validator and the governance engine read the proposed revision through this.
 */
export function overlayReader(base: RepoReader, changes: FileChanges): RepoReader {
  return {
    description: `${base.description} (with proposed changes)`,
    async listFiles(): Promise<readonly RepoEntry[]> {
      const entries = (await base.listFiles()).filter(
        (e) => !changes.deletes.has(e.path) && !changes.writes.has(e.path),
      );
      for (const [path, text] of changes.writes) entries.push({ path, kind: 'file', size: Buffer.byteLength(text) });
      return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async readFile(path: string): Promise<Buffer> {
      const written = changes.writes.get(path);
      if (written !== undefined)
        return typeof written === 'string' ? Buffer.from(written, 'utf8') : Buffer.from(written);
      if (changes.deletes.has(path)) throw Object.assign(new Error(`${path}: no such file`), { code: 'ENOENT' });
      return base.readFile(path);
    },
  };
}
