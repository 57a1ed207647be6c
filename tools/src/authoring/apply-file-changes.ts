// The one place an authoring command writes to the repository. All or nothing: every new file is
// first written beside its target under a temporary name, then renamed into place; a file that is
// replaced or deleted is first moved aside, so any failure puts the tree back exactly as it was.
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileChanges } from './file-changes.ts';
import { InternalError } from '../errors.ts';

export interface AppliedChanges {
  readonly written: readonly string[];
  readonly deleted: readonly string[];
}

export async function applyFileChanges(repoDir: string, changes: FileChanges): Promise<AppliedChanges> {
  const root = resolve(repoDir);
  const tag = `.consortium-${randomBytes(4).toString('hex')}`;
  const undo: (() => Promise<void>)[] = [];
  const backups: string[] = [];
  const createdDirs: string[] = [];
  try {
    for (const path of [...changes.writes.keys()].sort()) {
      const target = inside(root, path);
      await makeDirs(dirname(target), createdDirs);
      const temp = `${target}${tag}.new`;
      await writeFile(temp, changes.writes.get(path) ?? '', { flag: 'wx' });
      undo.push(() => rm(temp, { force: true }));
      await moveAside(target, `${target}${tag}.old`, backups, undo);
      await rename(temp, target);
      undo.push(() => rm(target, { force: true }));
    }
    for (const path of [...changes.deletes].sort()) {
      const target = inside(root, path);
      await moveAside(target, `${target}${tag}.old`, backups, undo);
    }
  } catch (error) {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    for (const dir of createdDirs.reverse()) await rmdir(dir).catch(() => undefined);
    throw error;
  }
  // Committed: drop the backups and the folders the deletions emptied.
  for (const backup of backups) await rm(backup, { force: true });
  for (const path of changes.deletes) await removeEmptyParents(root, dirname(inside(root, path)));
  return { written: [...changes.writes.keys()].sort(), deleted: [...changes.deletes].sort() };
}

/** Renames an existing file out of the way and records how to bring it back. */
async function moveAside(
  target: string,
  backup: string,
  backups: string[],
  undo: (() => Promise<void>)[],
): Promise<void> {
  try {
    await rename(target, backup);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  backups.push(backup);
  undo.push(() => rename(backup, target));
}

async function makeDirs(dir: string, created: string[]): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  // mkdir returns the first directory it created; record it and every one below it for the undo.
  let current = dir;
  const chain: string[] = [];
  while (current.length >= first.length) {
    chain.push(current);
    if (current === first) break;
    current = dirname(current);
  }
  created.push(...chain.reverse());
}

async function removeEmptyParents(root: string, dir: string): Promise<void> {
  let current = dir;
  while (current !== root && current.startsWith(root + sep)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    current = dirname(current);
  }
}

function inside(root: string, path: string): string {
  const target = resolve(join(root, path));
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || rel.includes(`..${sep}`)) {
    throw new InternalError(`refusing to write outside the repository: ${path}`);
  }
  return target;
}
