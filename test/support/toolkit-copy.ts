// A throw-away copy of the toolkit (tools/, schemas/, package files) with a node_modules of its
// own whose packages link to the project's, so the real `consortium` executable can run from it
// and build its compiled toolkit in the copy's node_modules/.cache: the project's own cache and
// sources are never touched, and a test may edit the copy's sources.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from './example-repo.ts';

export interface ToolkitCopy {
  readonly root: string;
  /** Where the copy's compiled toolkits live (its node_modules/.cache/consortium-cli). */
  readonly cacheDir: string;
  /** Runs `consortium ARGS` from the copy; `tsx: true` forces the TypeScript sources through tsx. */
  run(args: readonly string[], options?: { tsx?: boolean; cwd?: string }): SpawnSyncReturns<string>;
  remove(): Promise<void>;
}

const copied = ['tools', 'schemas', 'package.json', 'package-lock.json', 'tsconfig.json'];

export async function copyToolkit(): Promise<ToolkitCopy> {
  const root = await mkdtemp(join(tmpdir(), 'consortium-toolkit-'));
  for (const entry of copied) await cp(join(projectRoot, entry), join(root, entry), { recursive: true });
  await mkdir(join(root, 'node_modules'));
  for (const entry of await readdir(join(projectRoot, 'node_modules'))) {
    // The project's own caches (and its compiled toolkit) stay out of the copy.
    if (entry.startsWith('.') && entry !== '.bin') continue;
    await symlink(join(projectRoot, 'node_modules', entry), join(root, 'node_modules', entry));
  }
  return {
    root,
    cacheDir: join(root, 'node_modules', '.cache', 'consortium-cli'),
    run(args, options = {}) {
      return spawnSync(process.execPath, [join(root, 'tools/bin/consortium.mjs'), ...args], {
        cwd: options.cwd ?? root,
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '',
          ...(options.tsx === true ? { CONSORTIUM_CLI_COMPILED: '0' } : {}),
        },
      });
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
