import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { publishToolkit, opaqueDynamicImports } from '../../tools/bin/build-compiled-cli.mjs';
import {
  MANIFEST_FILE,
  compiledToolkitName,
  completeToolkit,
  installedEsbuildVersion,
  rootKey,
} from '../../tools/bin/compiled-cli.mjs';
import { projectRoot } from '../support/example-repo.ts';
import { copyToolkit, type ToolkitCopy } from '../support/toolkit-copy.ts';

// The cache of compiled toolkits (tools/bin/compiled-cli.mjs, build-compiled-cli.mjs): when it is
// used, rebuilt, ignored and cleaned. Every test works on a copy of the toolkit with a cache of
// its own, never on the project's.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function toolkitCopy(): Promise<ToolkitCopy> {
  const toolkit = await copyToolkit();
  cleanups.push(() => toolkit.remove());
  return toolkit;
}

function currentName(toolkit: ToolkitCopy): string {
  return compiledToolkitName({ root: toolkit.root, esbuildVersion: installedEsbuildVersion(toolkit.root) });
}

describe('the fingerprint of the sources', () => {
  async function sources(): Promise<string> {
    const root = await mkdtemp(join(tmpdir(), 'consortium-fingerprint-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    await mkdir(join(root, 'tools/src/cli'), { recursive: true });
    await mkdir(join(root, 'schemas'));
    await writeFile(join(root, 'tools/src/cli/main.ts'), 'export const a = 1;\n');
    await writeFile(join(root, 'schemas/org.schema.json'), '{}\n');
    await writeFile(join(root, 'package.json'), '{}\n');
    return root;
  }
  const name = (root: string, esbuildVersion = '0.28.2', nodeVersion = 'v20.20.2') =>
    compiledToolkitName({ root, esbuildVersion, nodeVersion });

  it('stays the same while nothing changes, and names the clone it belongs to', async () => {
    const root = await sources();
    expect(name(root)).toBe(name(root));
    expect(name(root)).toMatch(new RegExp(`^${rootKey(root)}-[0-9a-f]{32}$`));
  });

  it('changes when a source file changes, even its modification time only', async () => {
    const root = await sources();
    const before = name(root);
    await appendFile(join(root, 'tools/src/cli/main.ts'), 'export const b = 2;\n');
    const edited = name(root);
    expect(edited).not.toBe(before);
    await utimes(join(root, 'tools/src/cli/main.ts'), new Date(), new Date(Date.now() + 5000));
    expect(name(root)).not.toBe(edited);
    await writeFile(join(root, 'schemas/org.schema.json'), '{"a":1}\n');
    expect(name(root)).not.toBe(edited);
  });

  it('changes when a source file is added or removed', async () => {
    const root = await sources();
    const before = name(root);
    await writeFile(join(root, 'tools/src/cli/extra.ts'), '');
    expect(name(root)).not.toBe(before);
    await rm(join(root, 'tools/src/cli/extra.ts'));
    expect(name(root)).toBe(before);
    await rm(join(root, 'tools/src/cli/main.ts'));
    expect(name(root)).not.toBe(before);
  });

  it('changes with the Node version, the esbuild version and the place of the clone', async () => {
    const root = await sources();
    const other = await sources();
    expect(name(root, '0.28.3')).not.toBe(name(root));
    expect(name(root, '0.28.2', 'v20.21.0')).not.toBe(name(root));
    expect(name(other).slice(13)).not.toBe(name(root).slice(13));
  });
});

describe('a compiled toolkit that does not match the sources', () => {
  it('is never used once a source changed: the next command builds and runs the new sources', async () => {
    const toolkit = await toolkitCopy();
    expect(toolkit.run(['--help']).stdout).toContain('\nCommands:\n');
    const before = currentName(toolkit);
    const main = join(toolkit.root, 'tools/src/cli/main.ts');
    await writeFile(main, (await readFile(main, 'utf8')).replace('\nCommands:\n', '\nCommands (edited):\n'));
    const run = toolkit.run(['--help', '--debug']);
    expect(run.stdout).toContain('\nCommands (edited):\n');
    expect(run.stderr).toContain(`compiled the toolkit into ${join(toolkit.cacheDir, currentName(toolkit))}`);
    expect(currentName(toolkit)).not.toBe(before);
  });

  it('is never used half-written: a directory without its manifest is replaced', async () => {
    const toolkit = await toolkitCopy();
    const name = currentName(toolkit);
    const half = join(toolkit.cacheDir, name);
    await mkdir(half, { recursive: true });
    await writeFile(join(half, 'main.js'), "export async function main() { console.log('half-written'); return 0; }\n");
    expect(completeToolkit(toolkit.cacheDir, name)).toBeUndefined();
    const run = toolkit.run(['--version']);
    expect(run.stdout).toBe('consortium 0.1.0\n');
    expect(completeToolkit(toolkit.cacheDir, name)).toBeDefined();
    expect(await readFile(join(half, 'main.js'), 'utf8')).not.toContain('half-written');
  });

  it('is never used when its manifest names other sources', async () => {
    const toolkit = await toolkitCopy();
    const name = currentName(toolkit);
    const dir = join(toolkit.cacheDir, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'main.js'), "export async function main() { console.log('other sources'); return 0; }\n");
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ name: `${rootKey(toolkit.root)}-other` }));
    expect(toolkit.run(['--version']).stdout).toBe('consortium 0.1.0\n');
  });
});

describe('a build that fails', () => {
  it('falls back to tsx silently, says why with --debug, and is not retried for the same sources', async () => {
    const toolkit = await toolkitCopy();
    // A computed import() cannot be bundled: the build refuses the sources.
    await appendFile(
      join(toolkit.root, 'tools/src/cli/main.ts'),
      '\nexport async function loadAny(path: string): Promise<unknown> {\n  return import(path);\n}\n',
    );
    const quiet = toolkit.run(['--version']);
    expect(quiet).toMatchObject({ status: 0, stdout: 'consortium 0.1.0\n', stderr: '' });
    const debug = toolkit.run(['--version', '--debug']);
    expect(debug.stdout).toBe('consortium 0.1.0\n');
    expect(debug.stderr).toMatch(/^consortium: running through tsx: the last build of these sources failed/);
    expect(await readFile(join(toolkit.cacheDir, `${currentName(toolkit)}.failed`), 'utf8')).toMatch(
      /main\.ts:\d+:\d+: ERROR: .*import\(\) of a computed specifier cannot be bundled/,
    );
    expect(completeToolkit(toolkit.cacheDir, currentName(toolkit))).toBeUndefined();
  });

  it('falls back to tsx when the cache cannot be written', async () => {
    const toolkit = await toolkitCopy();
    await writeFile(join(toolkit.root, 'node_modules/.cache'), 'not a directory');
    const run = toolkit.run(['--version', '--debug']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('consortium 0.1.0\n');
    expect(run.stderr).toMatch(
      /^consortium: running through tsx: the compiled toolkit could not be built: .*(ENOTDIR|EEXIST)/,
    );
  });

  it('never fails `npm ci`: the prepare script prints one line and exits 0', async () => {
    const toolkit = await toolkitCopy();
    await writeFile(join(toolkit.root, 'node_modules/.cache'), 'not a directory');
    const prepare = spawnSync(process.execPath, ['tools/bin/build-compiled-cli.mjs'], {
      cwd: toolkit.root,
      encoding: 'utf8',
    });
    expect(prepare.status).toBe(0);
    expect(prepare.stdout).toMatch(
      /^consortium: the compiled toolkit was not built \(.*\); the CLI runs through tsx\n$/,
    );
  });
});

describe('building the compiled toolkit', () => {
  it('is what the prepare script does: silent, and the CLI then uses it', async () => {
    const toolkit = await toolkitCopy();
    const prepare = spawnSync(process.execPath, ['tools/bin/build-compiled-cli.mjs'], {
      cwd: toolkit.root,
      encoding: 'utf8',
    });
    expect(prepare).toMatchObject({ status: 0, stdout: '', stderr: '' });
    expect(completeToolkit(toolkit.cacheDir, currentName(toolkit))).toBeDefined();
    expect(toolkit.run(['--version', '--debug']).stderr).toMatch(/^consortium: running the compiled toolkit in /);
  });

  it('from several processes at once leaves one complete toolkit and nothing half-done', async () => {
    const toolkit = await toolkitCopy();
    const runs = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<{ code: number | null; stdout: string }>((resolve) => {
            const child = spawn(process.execPath, [join(toolkit.root, 'tools/bin/consortium.mjs'), '--version'], {
              cwd: toolkit.root,
              env: { PATH: process.env['PATH'] ?? '' },
            });
            let stdout = '';
            child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
            child.on('close', (code) => resolve({ code, stdout }));
          }),
      ),
    );
    for (const run of runs) expect(run).toEqual({ code: 0, stdout: 'consortium 0.1.0\n' });
    expect(await readdir(toolkit.cacheDir)).toEqual([currentName(toolkit)]);
    expect(completeToolkit(toolkit.cacheDir, currentName(toolkit))).toBeDefined();
  });

  it('keeps the toolkit that got there first when two builds race to publish', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'consortium-publish-'));
    cleanups.push(() => rm(cache, { recursive: true, force: true }));
    await mkdir(join(cache, 'winner'));
    await writeFile(join(cache, 'winner/main.js'), 'first');
    await mkdir(join(cache, '.tmp-loser'));
    await writeFile(join(cache, '.tmp-loser/main.js'), 'second');
    publishToolkit(join(cache, '.tmp-loser'), join(cache, 'winner'));
    expect(await readdir(cache)).toEqual(['winner']);
    expect(await readFile(join(cache, 'winner/main.js'), 'utf8')).toBe('first');
  });

  it("removes this clone's superseded toolkits, dead builds' leftovers and toolkits of clones that are gone", async () => {
    const toolkit = await toolkitCopy();
    const mine = rootKey(toolkit.root);
    const hourAgo = new Date(Date.now() - 3600_000);
    const entry = async (name: string, root: string, age?: Date) => {
      await mkdir(join(toolkit.cacheDir, name), { recursive: true });
      await writeFile(join(toolkit.cacheDir, name, MANIFEST_FILE), JSON.stringify({ name, root }));
      if (age !== undefined) await utimes(join(toolkit.cacheDir, name), age, age);
    };
    await entry(`${mine}-old`, toolkit.root, hourAgo);
    await entry(`${mine}-recent`, toolkit.root); // a process may still be loading its chunks
    await entry('.tmp-dead-build', toolkit.root, hourAgo);
    await entry('0123456789ab-gone', join(toolkit.root, 'no-such-clone'));
    await entry('0123456789ab-alive', projectRoot, hourAgo);
    expect(toolkit.run(['--version']).stdout).toBe('consortium 0.1.0\n');
    expect((await readdir(toolkit.cacheDir)).sort()).toEqual(
      ['0123456789ab-alive', `${mine}-recent`, currentName(toolkit)].sort(),
    );
  });

  it('refuses a computed import() anywhere in the sources, and the real sources have none', async () => {
    expect(opaqueDynamicImports("const a = await import('./a.ts');\n// import(x)\nawait import(\n  path);\n")).toEqual([
      3,
    ]);
    const toolkit = await toolkitCopy();
    toolkit.run(['--version']);
    expect(existsSync(join(toolkit.cacheDir, `${currentName(toolkit)}.failed`))).toBe(false);
    expect(completeToolkit(toolkit.cacheDir, currentName(toolkit))).toBeDefined();
  });
});
