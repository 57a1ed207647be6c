// Checks a command makes on --repo before any work, so a wrong directory is reported at once with
// what to do, instead of a walk of a whole unrelated tree or a failure deep inside the command.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkGitRepository } from '../adapters/git.ts';
import { UsageError } from '../errors.ts';

const consortiumFile = 'consortium/consortium.yaml';
const fix = 'run the command at the root of the consortium repository, or pass --repo DIR';

/** DIR exists, is a directory, and holds consortium/consortium.yaml. */
export async function requireConsortiumRepository(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new UsageError(`--repo ${dir}: no such directory; ${fix}`);
  if (!info.isDirectory()) throw new UsageError(`--repo ${dir}: not a directory; ${fix}`);
  const file = await stat(join(dir, consortiumFile)).catch(() => undefined);
  if (file?.isFile() !== true)
    throw new UsageError(`${dir} is not a consortium repository: it has no ${consortiumFile}; ${fix}`);
}

/** DIR is inside a Git repository (for commands that read revisions). */
export async function requireGitRepository(dir: string, why: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new UsageError(`--repo ${dir}: no such directory; ${fix}`);
  if (!info.isDirectory()) throw new UsageError(`--repo ${dir}: not a directory; ${fix}`);
  const state = await checkGitRepository(dir);
  if (state === 'no-git') throw new UsageError(`git is not installed (or not on PATH); ${why}`);
  if (state === 'not-a-repository')
    throw new UsageError(
      `${dir} is not in a Git repository; ${why}: run it in a clone of the consortium repository, or pass --repo DIR`,
    );
}
