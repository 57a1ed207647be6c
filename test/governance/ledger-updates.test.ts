// Governance of a channel change on a channel that runs on the ledger, on a real Git repository:
// the pull request adds a member with `channel add-member`, carries the config update, and the
// members' admins sign it with the keys `org init` wrote. The Fabric signatures are the members'
// approvals of the ledger change; a stale update is an error.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleRepo, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { buildChannelConfig } from '../../tools/src/fabric/config/build-channel-config.ts';
import { genesisBlock } from '../../tools/src/fabric/config/config-block.ts';

const now = new Date('2027-06-01T00:00:00Z');
const ids = ['alpha', 'beta', 'gamma', 'delta'] as const;
let repo: ExampleRepo;
let home: string;
let keys: string;

const cli = (...args: string[]) => runCli([...args, '--repo', repo.dir], { cwd: repo.dir, home, now });

beforeAll(async () => {
  repo = await createExampleRepo({ git: true });
  home = mkdtempSync(join(tmpdir(), 'consortium-ledger-gov-'));
  keys = join(home, 'keys');
  for (const id of ids) {
    const mspId = `${id[0]!.toUpperCase()}${id.slice(1)}MSP`;
    const run = await cli(
      'org',
      'init',
      id,
      '--msp-id',
      mspId,
      '--region',
      'eu',
      '--domain',
      `${id}.example`,
      '--admin',
      `${id}-admin:${7000 + ids.indexOf(id)}`,
      '--key-dir',
      keys,
    );
    expect(run.code, run.stderr).toBe(0);
  }
  const proposed = await cli('channel', 'propose', 'trade', '--members', 'alpha,beta,gamma');
  expect(proposed.code, proposed.stderr).toBe(0);
  const { model } = await loadRepository(createFilesystemReader(repo.dir));
  const block = genesisBlock(buildChannelConfig(model, 'trade'), 'trade', {
    timestamp: now,
    nonce: new Uint8Array(24),
  });
  writeFileSync(join(repo.dir, 'channels/trade/genesis.block'), block);
  repo.git('add', '--all');
  repo.git('commit', '--quiet', '-m', 'Members alpha, beta, gamma and channel trade on the ledger');

  repo.git('switch', '--quiet', '-c', 'pr');
  const added = await cli('channel', 'add-member', 'trade', 'delta');
  expect(added.code, added.stderr).toBe(0);
  const update = await cli('channel', 'update', 'trade');
  expect(update.code, update.stderr).toBe(0);
  repo.git('add', '--all');
  repo.git('commit', '--quiet', '-m', 'Add delta to trade');
}, 180_000);

afterAll(() => {
  repo.remove();
  rmSync(home, { recursive: true, force: true });
});

interface Approvals {
  verdict: string;
  errors?: string[];
  changes: {
    kind: string;
    subject: string;
    satisfied: boolean;
    requires: string;
    approvedBy: { org: string }[];
    missing: string[];
  }[];
}

async function approvals(
  reviews: unknown[] = [],
  options: { author?: string; head?: string } = {},
): Promise<Approvals> {
  const file = join(home, 'reviews.json');
  writeFileSync(file, JSON.stringify(reviews));
  const run = await cli(
    'approvals',
    '--base',
    'main',
    '--head',
    options.head ?? 'pr',
    '--reviews',
    file,
    '--author',
    options.author ?? 'delta-admin',
    '--format',
    'json',
  );
  return JSON.parse(run.stdout) as Approvals;
}

const deltaApproves = () => [
  {
    id: 1,
    user: { login: 'delta-admin', id: 7003 },
    state: 'APPROVED',
    commit_id: repo.git('rev-parse', 'pr'),
    submitted_at: now.toISOString(),
  },
];

describe('governance of a config update', () => {
  it('without signatures the channel change is pending and names who must run channel sign', async () => {
    const result = await approvals(deltaApproves());
    expect(result.verdict).toBe('pending');
    const change = result.changes.find((c) => c.kind === 'channel.member.add')!;
    expect(change.satisfied).toBe(false);
    expect(change.requires).toContain('Fabric signatures on config update 0001');
    expect(change.missing).toContain(
      'update 0001: /Channel/Application/Admins (MAJORITY Admins) needs 2 of: AlphaMSP, BetaMSP, GammaMSP admins',
    );
    expect(change.missing).toContain(
      'an admin of BetaMSP runs `consortium channel sign trade --org beta --update 0001`',
    );
  });

  it("two members' signatures approve the ledger change; reviews by members are not what counts", async () => {
    for (const org of ['alpha', 'beta']) {
      const run = await cli('channel', 'sign', 'trade', '--org', org, '--key-dir', keys);
      expect(run.code, run.stderr).toBe(0);
    }
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'Signatures of alpha and beta');
    const result = await approvals(deltaApproves());
    const change = result.changes.find((c) => c.kind === 'channel.member.add')!;
    expect(change.approvedBy.map((a) => a.org)).toEqual(['alpha', 'beta']);
    expect(change.satisfied).toBe(true);
    expect(result.verdict).toBe('approved');
  });

  it('the joining org still has to consent by review', async () => {
    const result = await approvals([], { author: 'alpha-admin' });
    const change = result.changes.find((c) => c.kind === 'channel.member.add')!;
    expect(change.satisfied).toBe(false);
    expect(change.missing.join('\n')).toContain('consent of DeltaMSP');
  });

  it('a channel change without its config update cannot be approved', async () => {
    repo.git('switch', '--quiet', '-c', 'no-update', 'main');
    const added = await cli('channel', 'add-member', 'trade', 'delta');
    expect(added.code, added.stderr).toBe(0);
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'Add delta to trade, no update');
    const result = await approvals(deltaApproves(), { head: 'no-update' });
    expect(result.verdict).toBe('error');
    expect(result.errors?.join('\n')).toContain(
      'this change to it is not a config update yet: run `consortium channel update trade`',
    );
    repo.git('switch', '--quiet', 'pr');
  });

  it('a merged update that moved the ledger: the old update is an error either way, with the fix', async () => {
    const addDelta = readFileSync(join(repo.dir, 'channels/trade/updates/0001/update.pb'));
    repo.git('switch', '--quiet', 'main');
    // Meanwhile gamma leaves the channel (merged): /Channel/Application moves to version 1.
    const channelYaml = join(repo.dir, 'channels/trade/channel.yaml');
    const text = readFileSync(channelYaml, 'utf8');
    writeFileSync(
      channelYaml,
      text.replace(/\n {2}- gamma\n/, '\n').replace(/\n {2}- org: gamma\n {4}peer: \S+\n/, '\n'),
    );
    const leave = await cli('channel', 'update', 'trade');
    expect(leave.code, leave.stderr).toBe(0);
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'gamma leaves trade (merged)');

    // Not rebased: its 0001 is not the merged 0001.
    const before = await approvals(deltaApproves());
    expect(before.verdict).toBe('error');
    expect(before.errors?.join('\n')).toContain(
      'channels/trade/updates/0001/update.pb is merged on the base branch and different here',
    );

    // Rebased, the old update renumbered 0002: its read set no longer matches the ledger.
    repo.git('switch', '--quiet', '-c', 'pr2');
    writeFileSync(channelYaml, readFileSync(channelYaml, 'utf8').replace('members:\n', 'members:\n  - delta\n'));
    mkdirSync(join(repo.dir, 'channels/trade/updates/0002'), { recursive: true });
    writeFileSync(join(repo.dir, 'channels/trade/updates/0002/update.pb'), addDelta);
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'Add delta to trade, rebased');
    const after = await approvals(deltaApproves(), { head: 'pr2' });
    expect(after.verdict).toBe('error');
    expect(after.errors?.join('\n')).toContain(
      'channels/trade/updates/0002/update.pb was computed against a ledger state that a merged update has since moved',
    );
    expect(after.errors?.join('\n')).toContain('run `consortium channel update trade` again');
  });
});
