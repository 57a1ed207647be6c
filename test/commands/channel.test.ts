import { describe, expect, it } from 'vitest';
import { useExampleRepos } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';

const example = useExampleRepos();

describe('consortium channel add-member', () => {
  it('appends the org and its anchor peer, keeps every comment and blank line, and previews approvals', async () => {
    const repo = await example();
    const before = repo.read('channels/recalls/channel.yaml');
    const run = await runCli(
      ['channel', 'add-member', 'recalls', 'logistics', '--repo', repo.dir, '--format', 'json'],
      { cwd: repo.dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = repo.read('channels/recalls/channel.yaml');
    expect(after).toBe(
      before
        .replace('  - retailer\n\n# With two', '  - retailer\n  - logistics\n\n# With two')
        .replace(
          '    peer: peer1\n\ncapabilities',
          '    peer: peer1\n  - org: logistics\n    peer: peer0\n\ncapabilities',
        ),
    );
    const out = JSON.parse(run.stdout) as {
      written: string[];
      approvals: { changes: { kind: string; missing: string[] }[] };
    };
    expect(out.written).toEqual(['channels/recalls/channel.yaml']);
    const add = out.approvals.changes.find((c) => c.kind === 'channel.member.add');
    expect(add?.missing.join(' ')).toMatch(/AcmeManufacturingMSP/);
    expect(add?.missing.join(' ')).toMatch(/StraitsFreightMSP/);
  });

  it('refuses an org that is already a member, an unknown org and an unknown channel, writing nothing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const member = await runCli(['channel', 'add-member', 'recalls', 'retailer', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(member.code).toBe(1);
    expect(member.stderr).toMatch(/already a member of channel recalls/);
    const unknownOrg = await runCli(['channel', 'add-member', 'recalls', 'nobody', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(unknownOrg.code).toBe(1);
    expect(unknownOrg.stderr).toMatch(/no organization "nobody"/);
    const unknownChannel = await runCli(['channel', 'add-member', 'nochannel', 'retailer', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(unknownChannel.stderr).toMatch(
      /no channel "nochannel"; known: recalls, traceability|no channel "nochannel"/,
    );
    expect(repo.snapshot()).toEqual(before);
  });

  it('--dry-run shows the change and its approvals without writing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const run = await runCli(['channel', 'add-member', 'recalls', 'logistics', '--dry-run', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Dry run: nothing was written/);
    expect(run.stdout).toMatch(/channel\.member\.add recalls/);
    expect(repo.snapshot()).toEqual(before);
  });
});

describe('consortium channel propose', () => {
  it('writes a new channel file with the schema line, default policies and one anchor peer per member', async () => {
    const repo = await example();
    const run = await runCli(
      ['channel', 'propose', 'logistics-ops', '--members', 'logistics,retailer', '--repo', repo.dir],
      { cwd: repo.dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = repo.read('channels/logistics-ops/channel.yaml');
    expect(text.startsWith('# yaml-language-server: $schema=../../schemas/channel.schema.json\n')).toBe(true);
    expect(text).toContain('members:\n  - logistics\n  - retailer\n');
    expect(text).toContain('anchorPeers:\n  - org: logistics\n    peer: peer0\n  - org: retailer\n    peer: peer0\n');
    expect(text).toContain('LifecycleEndorsement: MAJORITY Endorsement');
    expect(run.stdout).toMatch(/channel\.create logistics-ops/);
    const validate = await runCli(['validate', '--repo', repo.dir], { cwd: repo.dir });
    expect(validate.code).toBe(0);
  });

  it('refuses a name Fabric rejects, an existing channel and an unknown member, writing nothing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const bad = await runCli(['channel', 'propose', 'Bad_Name', '--members', 'retailer', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/channel name "Bad_Name" is not valid/);
    const exists = await runCli(['channel', 'propose', 'recalls', '--members', 'retailer', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(exists.code).toBe(1);
    expect(exists.stderr).toMatch(/channel recalls already exists/);
    const unknown = await runCli(['channel', 'propose', 'x', '--members', 'retailer,ghost', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no organization "ghost"/);
    const missing = await runCli(['channel', 'propose', 'x', '--repo', repo.dir], { cwd: repo.dir });
    expect(missing.code).toBe(2);
    expect(repo.snapshot()).toEqual(before);
  });
});
