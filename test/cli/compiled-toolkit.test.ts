import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyExampleRepo, type ExampleRepo } from '../support/example-repo.ts';
import { copyToolkit, type ToolkitCopy } from '../support/toolkit-copy.ts';

// The real `consortium` executable, once from the compiled toolkit and once through tsx: a user
// must not be able to tell which one ran (tools/bin/compiled-cli.mjs).
describe('the compiled toolkit and tsx', () => {
  let toolkit: ToolkitCopy;
  let example: ExampleRepo;
  beforeAll(async () => {
    toolkit = await copyToolkit();
    example = await copyExampleRepo();
    const first = toolkit.run(['--version', '--debug']);
    expect(first.stderr).toContain(`consortium: compiled the toolkit into ${toolkit.cacheDir}/`);
    expect(first.stdout).toBe('consortium 0.1.0\n');
  });
  afterAll(async () => {
    await toolkit.remove();
    await example.remove();
  });

  it('runs from the compiled toolkit once it is built, without tsx', () => {
    const run = toolkit.run(['--version', '--debug']);
    expect(run.stderr).toMatch(/^consortium: running the compiled toolkit in .*\n$/);
    const forced = toolkit.run(['--version', '--debug'], { tsx: true });
    expect(forced.stderr).toBe('consortium: running through tsx: CONSORTIUM_CLI_COMPILED=0\n');
  });

  it.each([
    ['--version', ['--version']],
    ['--version as JSON', ['--version', '--format', 'json']],
    ['--help', ['--help']],
    ['a command help', ['render', '--help']],
    ['an unknown command (usage error)', ['rendr']],
    ['an unknown option (usage error)', ['render', '--bogus']],
    ['a policy finding as JSON', ['policy', 'parse', "AND('A.member'", '--format', 'json']],
  ])('prints the same bytes with the same exit code: %s', (_, args) => {
    const compiled = toolkit.run(args);
    const tsx = toolkit.run(args, { tsx: true });
    expect({ status: compiled.status, stdout: compiled.stdout, stderr: compiled.stderr }).toEqual({
      status: tsx.status,
      stdout: tsx.stdout,
      stderr: tsx.stderr,
    });
    expect(compiled.stdout.length + compiled.stderr.length).toBeGreaterThan(0);
  });

  it('renders the example consortium into the same tree, byte for byte', async () => {
    const out = join(toolkit.root, 'rendered');
    const compiled = toolkit.run(['render', '--repo', example.dir, '--out', out]);
    await rename(out, `${out}-compiled`);
    const tsx = toolkit.run(['render', '--repo', example.dir, '--out', out], { tsx: true });
    expect(compiled.status).toBe(0);
    expect({ status: compiled.status, stdout: compiled.stdout, stderr: compiled.stderr }).toEqual({
      status: tsx.status,
      stdout: tsx.stdout,
      stderr: tsx.stderr,
    });
    const [compiledTree, tsxTree] = await Promise.all([readTree(`${out}-compiled`), readTree(out)]);
    expect(compiledTree.size).toBeGreaterThan(100);
    expect([...compiledTree.keys()]).toEqual([...tsxTree.keys()]);
    for (const [path, bytes] of compiledTree)
      expect(bytes.equals(tsxTree.get(path) ?? Buffer.alloc(0)), path).toBe(true);
  });
});

describe('stack traces of the compiled toolkit with --debug', () => {
  let toolkit: ToolkitCopy;
  beforeAll(async () => {
    toolkit = await copyToolkit();
    // A bug planted in the copy's sources: `--version` then fails with an unexpected error.
    const main = join(toolkit.root, 'tools/src/cli/main.ts');
    const text = await readFile(main, 'utf8');
    const planted = text.replace(
      'async function toolkitVersion(): Promise<string> {\n',
      "async function toolkitVersion(): Promise<string> {\n  if (process.argv.length > 0) throw new Error('planted');\n",
    );
    expect(planted).not.toBe(text);
    await writeFile(main, planted);
  });
  afterAll(() => toolkit.remove());

  it('name the TypeScript sources and lines, as tsx does', () => {
    const compiled = toolkit.run(['--version', '--debug']);
    const tsx = toolkit.run(['--version', '--debug'], { tsx: true });
    expect(compiled.stderr).toContain('consortium: running the compiled toolkit');
    const frames = (stderr: string) => stderr.split('\n').filter((line) => line.includes('/tools/src/'));
    expect(frames(compiled.stderr)[0]).toMatch(/^ {4}at toolkitVersion \(.*\/tools\/src\/cli\/main\.ts:\d+:\d+\)$/);
    expect(frames(compiled.stderr)).toEqual(frames(tsx.stderr));
    expect(compiled.status).toBe(2);
    expect(tsx.status).toBe(2);
  });
});

async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  for (const path of paths.sort()) files.set(relative(dir, path), await readFile(path));
  return files;
}
