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
import { computeUpdate } from '../../tools/src/fabric/config/compute-update.ts';
import { encodeConfigUpdate } from '../../tools/src/fabric/config/config-update.ts';
import type { ChannelConfig } from '../../tools/src/fabric/config/config-tree.ts';
import {
  applicationOrgGroup,
  configBlock,
  sampleChannel,
  withGroup,
  type SampleOrg,
} from '../fabric/config/support/sample-channel.ts';

const now = new Date('2027-06-01T00:00:00Z');
const ids = ['alpha', 'beta', 'gamma', 'delta'] as const;
let repo: ExampleRepo;
let home: string;
let keys: string;
let genesis: ChannelConfig;
const orgs: Record<string, SampleOrg> = {};

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
    const read = (file: string) => readFileSync(join(repo.dir, 'orgs', id, 'msp', file), 'utf8');
    orgs[id] = {
      mspId,
      pki: {
        orgId: id,
        mspId,
        certificates: { ca: read('ca.pem'), tlsCa: read('tlsca.pem'), admin: read('admin.pem') },
        keys: { ca: '', tlsCa: '', admin: '' },
        nodeOusConfig: '',
      },
    };
  }
  const proposed = await cli('channel', 'propose', 'trade', '--members', 'alpha,beta,gamma');
  expect(proposed.code, proposed.stderr).toBe(0);
  genesis = sampleChannel(['alpha', 'beta', 'gamma'].map((id) => orgs[id]!));
  writeFileSync(join(repo.dir, 'channels/trade/genesis.block'), configBlock('trade', genesis));
  repo.git('add', '--all');
  repo.git('commit', '--quiet', '-m', 'Members alpha, beta, gamma and channel trade on the ledger');

  repo.git('switch', '--quiet', '-c', 'pr');
  const added = await cli('channel', 'add-member', 'trade', 'delta');
  expect(added.code, added.stderr).toBe(0);
  const desired = withGroup(genesis, ['Application'], (g) => ({
    ...g,
    groups: { ...g.groups, DeltaMSP: applicationOrgGroup(orgs['delta']!) },
  }));
  writeUpdate('0001', computeUpdate({ channelId: 'trade', original: genesis, updated: desired })!);
  repo.git('add', '--all');
  repo.git('commit', '--quiet', '-m', 'Add delta to trade');
}, 180_000);

afterAll(() => {
  repo.remove();
  rmSync(home, { recursive: true, force: true });
});

function writeUpdate(number: string, update: Parameters<typeof encodeConfigUpdate>[0]) {
  mkdirSync(join(repo.dir, 'channels/trade/updates', number), { recursive: true });
  writeFileSync(join(repo.dir, 'channels/trade/updates', number, 'update.pb'), encodeConfigUpdate(update));
}

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

  it('a merged update that moved the ledger: the old update is an error either way, with the fix', async () => {
    const addDelta = readFileSync(join(repo.dir, 'channels/trade/updates/0001/update.pb'));
    repo.git('switch', '--quiet', 'main');
    // Meanwhile gamma leaves the channel: /Channel/Application moves to version 1.
    const removed = withGroup(genesis, ['Application'], (g) => ({
      ...g,
      groups: Object.fromEntries(Object.entries(g.groups).filter(([k]) => k !== 'GammaMSP')),
    }));
    writeUpdate('0001', computeUpdate({ channelId: 'trade', original: genesis, updated: removed })!);
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
    repo.git('checkout', 'pr', '--', 'channels/trade/channel.yaml');
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
