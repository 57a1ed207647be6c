// The files a pull request would change, found by comparing two revisions' contents. The head of an
// authoring preview is the working tree with the proposed edit laid over it, which has no commit
// for `git diff` to compare, so the comparison is made here, through the RepoReader interface.
import type { RepoEntry, RepoReader } from '../adapters/repo-reader.ts';
import type { ChangedPath } from '../governance/types.ts';
import { digestBytes } from '../governance/fingerprint.ts';

export interface RevisionDiff {
  /** Sorted by path; a rename is a removal plus an addition, as in `consortium approvals`. */
  readonly changedPaths: readonly ChangedPath[];
  /** Digest of each changed path's content at head ('removed' for removed paths). */
  readonly fileDigests: ReadonlyMap<string, string>;
}

export async function diffRevisions(options: {
  base: RepoReader;
  head: RepoReader;
  /** Head paths that belong to the revision (the working tree also holds ignored files); default all. */
  includeHead?: (path: string) => boolean;
}): Promise<RevisionDiff> {
  const include = options.includeHead ?? (() => true);
  const base = new Map((await options.base.listFiles()).map((e) => [e.path, e]));
  const head = new Map((await options.head.listFiles()).filter((e) => include(e.path)).map((e) => [e.path, e]));
  const changedPaths: ChangedPath[] = [];
  const fileDigests = new Map<string, string>();
  const digestAtHead = (path: string) => options.head.readFile(path).then(digestBytes, () => 'unreadable');
  for (const path of [...new Set([...base.keys(), ...head.keys()])].sort()) {
    const before = base.get(path);
    const after = head.get(path);
    if (after === undefined) {
      changedPaths.push({ path, status: 'removed' });
      fileDigests.set(path, 'removed');
    } else if (before === undefined) {
      changedPaths.push({ path, status: 'added' });
      fileDigests.set(path, await digestAtHead(path));
    } else if (await differ(options, before, after)) {
      changedPaths.push({ path, status: 'modified' });
      fileDigests.set(path, await digestAtHead(path));
    }
  }
  return { changedPaths, fileDigests };
}

async function differ(readers: { base: RepoReader; head: RepoReader }, a: RepoEntry, b: RepoEntry): Promise<boolean> {
  if (a.kind === 'symlink' || b.kind === 'symlink') {
    return a.kind !== b.kind || (a.kind === 'symlink' && b.kind === 'symlink' && a.target !== b.target);
  }
  if (a.size !== b.size) return true;
  try {
    const [x, y] = await Promise.all([readers.base.readFile(a.path), readers.head.readFile(b.path)]);
    return !x.equals(y);
  } catch {
    // A file one side cannot read cannot be shown to be unchanged.
    return true;
  }
}
