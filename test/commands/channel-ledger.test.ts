// channel sign and channel verify on a real repository: three organizations made by `org init`
// (real keys in a temporary home), a channel whose block 0 holds their MSPs, and an update adding
// a fourth organization, signed with the keys `org init` wrote.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExampleRepo, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { computeUpdate } from '../../tools/src/fabric/config/compute-update.ts';
import { encodeConfigUpdate } from '../../tools/src/fabric/config/config-update.ts';
import {
  applicationOrgGroup,
  configBlock,
  sampleChannel,
  withGroup,
  type SampleOrg,
} from '../fabric/config/support/sample-channel.ts';

const now = new Date('2027-06-01T00:00:00Z');
const orgIds = ['alpha', 'beta', 'gamma', 'delta'] as const;
let repo: ExampleRepo;
let home: string;
let keys: string;
const orgs: Record<string, SampleOrg> = {};

beforeAll(async () => {
  repo = await createExampleRepo();
  home = mkdtempSync(join(tmpdir(), 'consortium-sign-home-'));
  keys = join(home, 'keys');
  for (const id of orgIds) {
    const mspId = `${id[0]!.toUpperCase()}${id.slice(1)}MSP`;
    const args = [
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
      `${id}-admin:${1000 + id.charCodeAt(0)}`, // one id per person: one person approves for one org
    ];
    const run = await runCli([...args, '--repo', repo.dir, '--key-dir', keys], { cwd: repo.dir, home, now });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const read = (file: string) => readFileSync(join(repo.dir, 'orgs', id, 'msp', file), 'utf8');
    const key = (file: string) => readFileSync(join(keys, id, file), 'utf8');
    orgs[id] = {
      mspId,
      pki: {
        orgId: id,
        mspId,
        certificates: { ca: read('ca.pem'), tlsCa: read('tlsca.pem'), admin: read('admin.pem') },
        keys: { ca: key('ca-key.pem'), tlsCa: key('tlsca-key.pem'), admin: key('admin-key.pem') },
        nodeOusConfig: '',
      },
    };
  }
  const members = ['alpha', 'beta', 'gamma'].map((id) => orgs[id]!);
  const genesis = sampleChannel(members);
  const desired = withGroup(genesis, ['Application'], (g) => ({
    ...g,
    groups: { ...g.groups, DeltaMSP: applicationOrgGroup(orgs['delta']!) },
  }));
  const update = computeUpdate({ channelId: 'trade', original: genesis, updated: desired })!;
  mkdirSync(join(repo.dir, 'channels/trade/updates/0001'), { recursive: true });
  writeFileSync(join(repo.dir, 'channels/trade/genesis.block'), configBlock('trade', genesis));
  writeFileSync(join(repo.dir, 'channels/trade/updates/0001/update.pb'), encodeConfigUpdate(update));
}, 120_000);

afterAll(() => {
  repo.remove();
  rmSync(home, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--repo', repo.dir], { cwd: repo.dir, home, now });
const signatures = () => readdirSync(join(repo.dir, 'channels/trade/updates/0001/signatures')).sort();

interface VerifyJson {
  satisfied: boolean;
  signatures: { file: string; mspId: string; valid: boolean; counted: boolean; reason: string }[];
  policies: { path: string; policy: string; satisfied: boolean; missing: string }[];
  stillToSign: { mspId: string; org: string }[];
}

describe('consortium channel sign / verify', () => {
  it('verify without signatures: not satisfied, exit 1, names the policy and who must sign', async () => {
    const run = await cli('channel', 'verify', 'trade', '--format', 'json');
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout) as VerifyJson;
    expect(out).toMatchObject({ channel: 'trade', update: '0001', satisfied: false, signatures: [] });
    expect(out.policies).toEqual([
      expect.objectContaining({
        path: '/Channel/Application/Admins',
        policy: 'MAJORITY Admins',
        satisfied: false,
        missing: 'needs 2 of: AlphaMSP, BetaMSP, GammaMSP admins',
      }),
    ]);
    expect(out.stillToSign.map((s) => s.org)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('the joining organization cannot sign for its own addition', async () => {
    const run = await cli('channel', 'sign', 'trade', '--org', 'delta', '--key-dir', keys);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot sign for its own addition');
  });

  it("refuses a key that is not the org's admin key", async () => {
    const wrong = join(home, 'wrong');
    mkdirSync(join(wrong, 'alpha'), { recursive: true });
    writeFileSync(join(wrong, 'alpha', 'admin-key.pem'), readFileSync(join(keys, 'beta', 'admin-key.pem')));
    const run = await cli('channel', 'sign', 'trade', '--org', 'alpha', '--key-dir', wrong);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not belong to any admin certificate of alpha');
  });

  it('two of three admins sign on their own keys: satisfied, exit 0', async () => {
    const first = await cli('channel', 'sign', 'trade', '--org', 'alpha', '--key-dir', keys);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('needs 1 of: BetaMSP, GammaMSP admins');
    expect(signatures()).toEqual([expect.stringMatching(/^AlphaMSP-[0-9a-f]{16}\.sig$/)]);

    const again = await cli('channel', 'sign', 'trade', '--org', 'alpha', '--key-dir', keys);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('one identity counts once');

    const second = await cli(
      'channel',
      'sign',
      'trade',
      '--org',
      'beta',
      '--update',
      '1',
      '--key-dir',
      join(keys, 'beta'),
    );
    expect(second.code, second.stderr).toBe(0);
    const run = await cli('channel', 'verify', 'trade', '--update', '0001', '--format', 'json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as VerifyJson;
    expect(out.satisfied).toBe(true);
    expect(out.signatures.map((s) => [s.mspId, s.valid, s.counted])).toEqual([
      ['AlphaMSP', true, true],
      ['BetaMSP', true, true],
    ]);
    expect(out.stillToSign).toEqual([]);
  });

  it('a tampered signature is reported and ignored', async () => {
    const dir = join(repo.dir, 'channels/trade/updates/0001/signatures');
    const [file] = signatures();
    const bytes = readFileSync(join(dir, file!));
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
    const tampered = join(dir, file!.replace(/^AlphaMSP-[0-9a-f]{4}/, 'AlphaMSP-ffff'));
    writeFileSync(tampered, bytes);
    const run = await cli('channel', 'verify', 'trade', '--format', 'json');
    const out = JSON.parse(run.stdout) as VerifyJson;
    const bad = out.signatures.find((s) => s.file.endsWith(tampered.slice(tampered.lastIndexOf('/') + 1)));
    expect(bad).toMatchObject({ valid: false, counted: false });
    expect(out.satisfied).toBe(true);
    rmSync(tampered);
  });

  it('text output of verify names the counted signatures and the policy', async () => {
    const run = await cli('channel', 'verify', 'trade');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Channel trade, update 0001: satisfied');
    expect(run.stdout).toContain('satisfied /Channel/Application/Admins (MAJORITY Admins)');
  });

  it('a channel without block 0 and an unknown update are clear errors', async () => {
    rmSync(join(repo.dir, 'channels/recalls/genesis.block'), { force: true });
    const none = await cli('channel', 'verify', 'recalls');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('has no channels/recalls/genesis.block');
    const missing = await cli('channel', 'verify', 'trade', '--update', '7');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('has no update 0007');
  });
});
