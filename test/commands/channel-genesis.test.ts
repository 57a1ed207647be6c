// Block 0 written by the toolkit: `channel propose` builds it beside channel.yaml (or alone, for a
// channel channel.yaml already describes); `channel import` adopts a running channel's config block.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { buildChannelConfig } from '../../tools/src/fabric/config/build-channel-config.ts';
import { decodeConfigBlock } from '../../tools/src/fabric/config/config-block.ts';
import { decodeConfig } from '../../tools/src/fabric/config/decode-config-values.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { useExampleRepos } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';

const example = useExampleRepos();
const bytes = (dir: string, path: string) => new Uint8Array(readFileSync(join(dir, path)));

describe('channel propose writes block 0', () => {
  it('beside a new channel.yaml, built from what that file describes', async () => {
    const repo = await example();
    const run = await runCli(
      [
        'channel',
        'propose',
        'logistics-ops',
        '--members',
        'logistics,retailer',
        '--repo',
        repo.dir,
        '--format',
        'json',
      ],
      { cwd: repo.dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { written: string[] }).written).toEqual([
      'channels/logistics-ops/channel.yaml',
      'channels/logistics-ops/genesis.block',
    ]);
    const block = decodeConfigBlock(bytes(repo.dir, 'channels/logistics-ops/genesis.block'));
    expect(block.channelId).toBe('logistics-ops');
    expect(block.blockNumber).toBe(0);
    const { model } = await loadRepository(createFilesystemReader(repo.dir));
    expect(decodeConfig(block.config)).toEqual(decodeConfig(buildChannelConfig(model, 'logistics-ops')));
    const validate = await runCli(['validate', '--repo', repo.dir], { cwd: repo.dir });
    expect(validate.stdout).toMatch(/no problems found/);
  });

  it('alone for a described channel without one, and never twice', async () => {
    const repo = await example();
    rmSync(join(repo.dir, 'channels/recalls/genesis.block'));
    const run = await runCli(['channel', 'propose', 'recalls', '--repo', repo.dir, '--format', 'json'], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { written: string[] }).written).toEqual(['channels/recalls/genesis.block']);
    expect(decodeConfigBlock(bytes(repo.dir, 'channels/recalls/genesis.block')).channelId).toBe('recalls');
    const again = await runCli(['channel', 'propose', 'recalls', '--repo', repo.dir], { cwd: repo.dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/channel recalls already has its block 0 .* never changes/);
  });

  it('refuses, writing nothing, when a consenter has no committed TLS certificate', async () => {
    const repo = await example();
    const orgYaml = join(repo.dir, 'orgs/logistics/org.yaml');
    writeFileSync(
      orgYaml,
      readFileSync(orgYaml, 'utf8').replace(/\n\s*# Public TLS certificate[^\n]*\n[^\n]*\n\s*tlsCert: [^\n]*/, ''),
    );
    const before = repo.snapshot();
    const run = await runCli(['channel', 'propose', 'ops', '--members', 'retailer', '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/cannot build block 0 of channel ops: orderer "orderer0" of org "logistics" .*tlsCert/);
    expect(repo.snapshot()).toEqual(before);
  });
});

describe('channel import', () => {
  it("commits the running channel's config block unchanged as its genesis.block", async () => {
    const repo = await example();
    const fetched = join(repo.dir, '..', `${repo.dir.split('/').pop() ?? 'x'}-recalls.block`);
    writeFileSync(fetched, bytes(repo.dir, 'channels/recalls/genesis.block'));
    rmSync(join(repo.dir, 'channels/recalls/genesis.block'));
    try {
      const run = await runCli(['channel', 'import', 'recalls', '--block', fetched, '--repo', repo.dir], {
        cwd: repo.dir,
      });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Channel recalls adopted from its block 0/);
      expect(Buffer.from(bytes(repo.dir, 'channels/recalls/genesis.block')).equals(readFileSync(fetched))).toBe(true);
    } finally {
      rmSync(fetched, { force: true });
    }
  });

  it("refuses another channel's block, a file that is not a block, a channel with a block 0, and no --block", async () => {
    const repo = await example();
    rmSync(join(repo.dir, 'channels/recalls/genesis.block'));
    const before = repo.snapshot();
    const other = await runCli(
      ['channel', 'import', 'recalls', '--block', 'channels/traceability/genesis.block', '--repo', repo.dir],
      { cwd: repo.dir },
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/is a config block of channel "traceability", not of "recalls"/);
    const text = await runCli(
      ['channel', 'import', 'recalls', '--block', 'channels/recalls/channel.yaml', '--repo', repo.dir],
      { cwd: repo.dir },
    );
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/channels\/recalls\/channel\.yaml is not a config block: .*peer channel fetch config/);
    const taken = await runCli(
      ['channel', 'import', 'traceability', '--block', 'channels/traceability/genesis.block', '--repo', repo.dir],
      { cwd: repo.dir },
    );
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/already has its block 0/);
    const missing = await runCli(['channel', 'import', 'recalls', '--repo', repo.dir], { cwd: repo.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--block FILE is required/);
    expect(repo.snapshot()).toEqual(before);
  });
});
