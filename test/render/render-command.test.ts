// `consortium render` end to end on a copy of the example consortium, in-process with captured
// output: what it writes, that it writes atomically and identically, and what it refuses.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo, type ExampleRepo } from '../support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';

async function snapshotTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = await readFile(path, 'utf8');
  }
  return files;
}

describe('consortium render', () => {
  let repo: ExampleRepo;
  let out: string;

  beforeEach(async () => {
    repo = await copyExampleRepo();
    out = await mkdtemp(join(tmpdir(), 'render-out-'));
  });
  afterEach(async () => {
    await repo.remove();
    await rm(out, { recursive: true, force: true });
  });

  it('writes one directory per member and lists orgs, files and object counts as JSON', async () => {
    const run = await runCli(['render', '--repo', repo.dir, '--out', out, '--format', 'json'], { cwd: repo.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      members: { org: string; objects: number; kinds: Record<string, number>; files: string[] }[];
    };
    expect(result.members.map((m) => m.org)).toEqual(['logistics', 'manufacturer', 'retailer']);
    for (const member of result.members) {
      expect(member.files).toContain('kustomization.yaml');
      expect(Object.values(member.kinds).reduce((a, b) => a + b, 0)).toBe(member.objects);
      expect(member.kinds['StatefulSet']).toBeGreaterThan(0);
    }
    expect((await readdir(out)).sort()).toEqual(['logistics', 'manufacturer', 'retailer']);
  });

  it('writes no channel artifacts into members; --configtx writes configtxgen input once per channel', async () => {
    const configtx = join(out, '..', `${relative(tmpdir(), out)}-configtx`);
    try {
      const run = await runCli(['render', '--out', out, '--configtx', configtx, '--format', 'json'], { cwd: repo.dir });
      expect(run.code).toBe(0);
      const result = JSON.parse(run.stdout) as {
        members: { files: string[] }[];
        configtx: { directory: string; channels: string[] };
      };
      for (const member of result.members) expect(member.files.filter((f) => f.includes('/'))).toEqual([]);
      expect(result.configtx).toEqual({ directory: configtx, channels: ['recalls', 'traceability'] });
      const written = Object.keys(await snapshotTree(configtx));
      expect(written).toContain('recalls/configtx.yaml');
      expect(written).toContain('traceability/organizations/retailer/msp/cacerts/ca.pem');
    } finally {
      await rm(configtx, { recursive: true, force: true });
    }
  });

  it('writes byte-identical output on a second run', async () => {
    expect((await runCli(['render', '--out', out], { cwd: repo.dir })).code).toBe(0);
    const first = await snapshotTree(out);
    expect((await runCli(['render', '--out', out], { cwd: repo.dir })).code).toBe(0);
    expect(await snapshotTree(out)).toEqual(first);
    expect(Object.keys(first).length).toBeGreaterThan(100);
  });

  it('refuses to shrink a volume, naming the file and sizes, and leaves the output untouched', async () => {
    expect((await runCli(['render', '--out', out], { cwd: repo.dir })).code).toBe(0);
    const before = await snapshotTree(out);
    await repo.edit('orgs/manufacturer/org.yaml', (text) =>
      text.replace(/(orderers:\n {2}- name: orderer0\n {4}storage: )50Gi/, '$140Gi'),
    );
    const run = await runCli(['render', '--out', out], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('persistentvolumeclaim-orderer0-manufacturer-ledger.yaml');
    expect(run.stderr).toContain('from 50Gi to 40Gi');
    expect(await snapshotTree(out)).toEqual(before);
  });

  it('refuses a repository that does not validate, writing nothing', async () => {
    await repo.edit('channels/recalls/channel.yaml', (text) => text.replace('  - retailer\n', '  - no-such-org\n'));
    const run = await runCli(['render', '--out', out], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/does not validate/);
    expect(run.stderr).toContain('channels/recalls/channel.yaml');
    expect(await readdir(out)).toEqual([]);
  });

  it('renders only the requested member with --org, and refuses an unknown one', async () => {
    expect((await runCli(['render', '--out', out, '--org', 'retailer'], { cwd: repo.dir })).code).toBe(0);
    expect(await readdir(out)).toEqual(['retailer']);
    const run = await runCli(['render', '--out', out, '--org', 'nobody'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no member organization "nobody"');
  });

  it('removes the directory of a member that left, and nothing it did not write', async () => {
    expect((await runCli(['render', '--out', out], { cwd: repo.dir })).code).toBe(0);
    await mkdir(join(out, 'former-member'));
    await writeFile(
      join(out, 'former-member', 'kustomization.yaml'),
      await readFile(join(out, 'retailer', 'kustomization.yaml')),
    );
    await mkdir(join(out, 'notes'));
    await writeFile(join(out, 'notes', 'kustomization.yaml'), 'resources: []\n');
    const run = await runCli(['render', '--out', out], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('removed');
    expect(existsSync(join(out, 'former-member'))).toBe(false);
    expect(existsSync(join(out, 'notes', 'kustomization.yaml'))).toBe(true);
  });

  it('leaves no staging directory behind', async () => {
    expect((await runCli(['render', '--out', out], { cwd: repo.dir })).code).toBe(0);
    expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('requires --out', async () => {
    const run = await runCli(['render'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--out DIR is required');
  });

  it('refuses an --out that is a file, or lies under one, as a usage error that names it', async () => {
    const file = join(out, 'not-a-directory');
    await writeFile(file, 'keep me\n');
    for (const target of [file, join(file, 'sub')]) {
      const run = await runCli(['render', '--out', target], { cwd: repo.dir });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--out ${target}: a file is in the way`);
    }
    expect(await readFile(file, 'utf8')).toBe('keep me\n');
  });
});
