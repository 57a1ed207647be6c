import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/example-repo.ts';

// The real `consortium` executable (tools/bin/consortium.mjs) in a copy of the toolkit whose
// node_modules is missing or incomplete, as before `npm ci` (or after an upgrade without it).
describe('consortium before `npm ci`', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  async function copyToolkit(packages: readonly string[]): Promise<string> {
    dir = await mkdtemp(join(tmpdir(), 'consortium-no-deps-'));
    await cp(join(projectRoot, 'tools'), join(dir, 'tools'), { recursive: true });
    await cp(join(projectRoot, 'package.json'), join(dir, 'package.json'));
    if (packages.length > 0) {
      await mkdir(join(dir, 'node_modules'));
      for (const p of packages) await symlink(join(projectRoot, 'node_modules', p), join(dir, 'node_modules', p));
    }
    return dir;
  }

  function run(cwd: string, args: readonly string[]) {
    return spawnSync(process.execPath, [join(cwd, 'tools/bin/consortium.mjs'), ...args], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
  }

  it('says to run npm ci when nothing is installed, as text and as JSON', async () => {
    const root = await copyToolkit([]);
    const text = run(root, ['validate']);
    expect(text.status).toBe(2);
    expect(text.stderr).toBe(`consortium: the toolkit's dependencies are not installed: run \`npm ci\` in ${root}\n`);
    const json = run(root, ['validate', '--format', 'json']);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { kind: 'usage' } });
  });

  it('names the missing package when only some are installed, never a stack trace', async () => {
    const root = await copyToolkit(['tsx', 'esbuild', '@esbuild', 'get-tsconfig', 'resolve-pkg-maps']);
    const result = run(root, ['validate']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/dependencies are not installed \(cannot load "[^"]+"\): run `npm ci`/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
