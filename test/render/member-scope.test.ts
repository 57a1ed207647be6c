// `render --org X` loads only what X renders and references (load-member-scope.ts) instead of the
// whole repository: its output must be byte for byte the X part of the full render, on the example
// consortium and on a generated one whose members differ in what they reference (a consenter, a
// member of channels without orderers, a member of no channel).
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateConsortium } from '../../bench/generate-consortium.ts';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { renderRepository } from '../../tools/src/commands/render.ts';
import { loadMemberScope } from '../../tools/src/model/load-member-scope.ts';
import { copyExampleRepo, validationTime } from '../support/example-repo.ts';
import { createKeyedExample } from '../support/keyed-example.ts';
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

/** The full render once, then `render --org` of each org into a directory of its own, compared. */
async function expectScopedEqualsFull(repo: string, orgs: readonly string[]): Promise<Record<string, string[]>> {
  const reader = createFilesystemReader(repo);
  const out = await mkdtemp(join(tmpdir(), 'member-scope-'));
  const files: Record<string, string[]> = {};
  try {
    const full = await renderRepository({ reader, outDir: join(out, 'full'), now: validationTime });
    for (const org of orgs) {
      expect(full.members.map((m) => m.org)).toContain(org);
      const scoped = await renderRepository({ reader, outDir: join(out, org), orgs: [org], now: validationTime });
      expect(scoped.members.map((m) => m.org)).toEqual([org]);
      const expected = await snapshotTree(join(out, 'full', org));
      expect(Object.keys(expected).length).toBeGreaterThan(10);
      expect(await snapshotTree(join(out, org, org))).toEqual(expected);
      files[org] = Object.keys(expected);
    }
    return files;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

describe('render --org on the example consortium', () => {
  it("writes each member's directory exactly as the full render does", async () => {
    const repo = await copyExampleRepo();
    try {
      await expectScopedEqualsFull(repo.dir, ['logistics', 'manufacturer', 'retailer']);
    } finally {
      await repo.remove();
    }
  }, 120_000);
});

describe('render --org on a repository that does not validate', () => {
  it("refuses a document of the member's scope that fails its schema, and an org it references that does not exist, writing nothing", async () => {
    const repo = await copyExampleRepo();
    const out = await mkdtemp(join(tmpdir(), 'member-scope-invalid-'));
    const render = (org: string) =>
      renderRepository({ reader: createFilesystemReader(repo.dir), outDir: out, orgs: [org], now: validationTime });
    try {
      await repo.edit('orgs/logistics/org.yaml', (text) => text.replace(/^mspId: .*$/m, 'mspId: [not, an, id]'));
      await expect(render('logistics')).rejects.toThrow(/does not validate[^]*orgs\/logistics\/org\.yaml:\d+:\d+ /);
      await repo.edit('channels/recalls/channel.yaml', (text) => text.replace('  - retailer\n', '  - no-such-org\n'));
      await expect(render('manufacturer')).rejects.toThrow(
        /channels\/recalls\/channel\.yaml:\d+:\d+ no-such-org has no orgs\/no-such-org\/org\.yaml.*\[channel-member-exists\]/,
      );
      expect(await readdir(out)).toEqual([]);
    } finally {
      await repo.remove();
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('render --org with a committed channel update', () => {
  it('renders the submission Job of each signer exactly as the full render does', async () => {
    const keyed = await createKeyedExample();
    try {
      const cli = (...args: string[]) => runCli(args, { cwd: keyed.dir });
      const channel = join(keyed.dir, 'channels/recalls/channel.yaml');
      await writeFile(
        channel,
        (await readFile(channel, 'utf8')).replace('Readers: ANY Readers', 'Readers: MAJORITY Readers'),
      );
      expect((await cli('channel', 'update', 'recalls')).code).toBe(0);
      expect((await cli('channel', 'sign', 'recalls', '--org', 'manufacturer', '--key-dir', keyed.keys)).code).toBe(0);
      const files = await expectScopedEqualsFull(keyed.dir, ['logistics', 'manufacturer', 'retailer']);
      const submissions = (org: string) => (files[org] ?? []).filter((f) => f.startsWith('job-recalls-update-0001-'));
      expect(submissions('manufacturer')).toHaveLength(1);
      expect(submissions('retailer')).toEqual([]);
    } finally {
      await keyed.remove();
    }
  }, 180_000);
});

describe('render --org on a generated consortium', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'member-scope-generated-'));
    // org-0001..0005 run the consenters; channels draw their members from the first 30 orgs, so
    // org-0035 belongs to no channel.
    await generateConsortium({ dir, orgs: 40, channels: 8, chaincodes: 16, channelOrgs: 30, now: validationTime });
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the same directory for a consenter, a channel member without orderers and a member of no channel', async () => {
    await expectScopedEqualsFull(dir, ['org-0001', 'org-0012', 'org-0035']);
  }, 180_000);

  it("reads a member's channels and fellow members, not the rest of the consortium", async () => {
    const { model, diagnostics } = await loadMemberScope(createFilesystemReader(dir), ['org-0012']);
    expect(diagnostics).toEqual([]);
    // Channel c has the 10 orgs from (10 (c - 1)) mod 30 on: org-0012 is in channels 2, 5 and 8
    // (org-0011..0020); the consenters are org-0001..0005.
    expect(model.channels.map((c) => c.name)).toEqual(['channel-0002', 'channel-0005', 'channel-0008']);
    expect(model.orgs.map((o) => o.id)).toEqual([
      ...['org-0001', 'org-0002', 'org-0003', 'org-0004', 'org-0005'],
      ...Array.from({ length: 10 }, (_, i) => `org-00${11 + i}`),
    ]);
    const paths = model.files.map((f) => f.path);
    expect(paths).toContain('orgs/org-0011/msp/tlsca.pem');
    expect(paths.some((p) => p.startsWith('orgs/org-0021/') || p.startsWith('channels/channel-0001/'))).toBe(false);
  });

  it("reads every channel and every channel member's org.yaml, but no other certificates, for a member with orderers", async () => {
    const { model, diagnostics } = await loadMemberScope(createFilesystemReader(dir), ['org-0001']);
    expect(diagnostics).toEqual([]);
    expect(model.channels).toHaveLength(8);
    expect(model.orgs).toHaveLength(30);
    const paths = model.files.map((f) => f.path);
    expect(paths).toContain('orgs/org-0025/org.yaml');
    expect(paths).not.toContain('orgs/org-0025/msp/tlsca.pem');
    expect(paths).not.toContain('orgs/org-0035/org.yaml');
    // Chaincodes of channels org-0001 is no member of are not read.
    const withChaincodes = model.channels.filter((c) => c.chaincodes.length > 0).map((c) => c.name);
    expect(withChaincodes).toEqual(model.channels.filter((c) => c.members.includes('org-0001')).map((c) => c.name));
  });

  it('refuses an unknown member by name, listing the members', async () => {
    const loaded = await loadMemberScope(createFilesystemReader(dir), ['org-0001', 'nobody']);
    expect(loaded.unknown).toEqual(['nobody']);
    expect(loaded.orgIds).toHaveLength(40);
  });
});
