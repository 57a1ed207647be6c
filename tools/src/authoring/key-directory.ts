// Where `org init` puts the private keys it generates: a directory the user owns, outside the
// repository. The repository is shared with every other member and its history is forever, so a
// key directory inside it (or reached through a symbolic link into it) is refused outright.
import { makeDirectories } from '../adapters/make-directories.ts';
import { lstat, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError, FindingsError } from '../errors.ts';
import { locateKeyDirectory } from '../pki/key-location.ts';

export interface KeyFile {
  /** Path relative to the key directory, forward slashes. */
  readonly path: string;
  readonly contents: string;
}

/** Refuses a key directory inside the repository, following symbolic links of existing ancestors. */
export async function checkKeyDirectory(options: { keyDir: string; repoDir: string }): Promise<string> {
  if (!isAbsolute(options.keyDir)) throw new UsageError(`--key-dir must be an absolute path (got "${options.keyDir}")`);
  const { repo, target, insideRepository } = await locateKeyDirectory(options);
  if (insideRepository) {
    throw new UsageError(
      `--key-dir ${options.keyDir} is inside the repository (${repo}); private keys must never be written there. ` +
        'Choose a directory outside it, e.g. the default under ~/.config/consortium-gitops/keys/',
    );
  }
  return target;
}

/**
 * Writes the key files with mode 0600 into a fresh temporary directory beside `keyDir`, then renames
 * it into place, so a failure never leaves half a key set. An existing key directory is never
 * overwritten: losing a CA key cannot be undone.
 */
export async function writeKeyDirectory(keyDir: string, files: readonly KeyFile[]): Promise<{ undo(): Promise<void> }> {
  await checkKeyDirectoryFree(keyDir);
  await makeDirectories(dirname(keyDir), 0o700);
  const temp = `${keyDir}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(temp, { mode: 0o700 });
    for (const file of files) {
      const path = join(temp, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      await writeFile(path, file.contents, { mode: 0o600, flag: 'wx' });
    }
    await rename(temp, keyDir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return { undo: () => rm(keyDir, { recursive: true, force: true }) };
}

/** Refuses a key directory that already exists: existing keys are never overwritten. */
export async function checkKeyDirectoryFree(keyDir: string): Promise<void> {
  if (await exists(keyDir)) {
    throw new FindingsError(
      `key directory ${keyDir} already exists; move it away or pass another --key-dir (existing keys are never overwritten)`,
    );
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
