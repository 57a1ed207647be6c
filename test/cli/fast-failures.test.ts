import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDirectories } from '../../tools/src/adapters/make-directories.ts';
import { copyExampleRepo } from '../support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';

// A wrong directory is reported before any work: these would otherwise walk a whole unrelated
// tree, spin at full CPU, or fail deep inside the command.
describe('a wrong --repo or --out fails at once', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consortium-fast-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops on a directory without consortium/consortium.yaml instead of walking it (here: /)', async () => {
    for (const command of [['validate'], ['status'], ['render', '--out', join(dir, 'out')], ['main']]) {
      const run = await runCli([...command, '--repo', '/', '--format', 'json']);
      expect(run.code, command[0]).toBe(2);
      const json = JSON.parse(run.stdout) as { error: { message: string } };
      expect(json.error.message).toBe(
        '/ is not a consortium repository: it has no consortium/consortium.yaml; run the command at the root of the consortium repository, or pass --repo DIR',
      );
    }
    const plan = await runCli(['plan', '--all', '--repo', '/']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toContain('/ is not a consortium repository');
  }, 10_000);

  it.runIf(existsSync('/proc/self'))(
    'refuses --out under /proc at once (Node 20 recursive mkdir spins there)',
    async () => {
      const repo = await copyExampleRepo();
      try {
        const run = await runCli(['render', '--repo', repo.dir, '--out', '/proc/nope/out']);
        expect(run.code).toBe(2);
        expect(run.stderr).toContain('--out /proc/nope/out: cannot be created there');
        const file = join(dir, 'file');
        await writeFile(file, '');
        const blocked = await runCli(['render', '--repo', repo.dir, '--out', join(file, 'out')]);
        expect(blocked.code).toBe(2);
        expect(blocked.stderr).toContain('a file is in the way');
      } finally {
        await repo.remove();
      }
    },
    10_000,
  );

  it('says when a command that reads revisions runs outside a Git repository', async () => {
    const run = await runCli(['approvals', '--base', 'main', '--head', 'pr', '--repo', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir} is not in a Git repository; approvals compares two revisions`);
  });
});

describe('makeDirectories', () => {
  it('creates the missing parents one level at a time and returns the first one it created', async () => {
    const root = await mkdtemp(join(tmpdir(), 'consortium-mkdir-'));
    try {
      expect(await makeDirectories(join(root, 'a', 'b', 'c'))).toBe(join(root, 'a'));
      expect((await stat(join(root, 'a', 'b', 'c'))).isDirectory()).toBe(true);
      expect(await makeDirectories(join(root, 'a', 'b'))).toBeUndefined();
      await writeFile(join(root, 'f'), '');
      await expect(makeDirectories(join(root, 'f', 'x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
