// `consortium channel update` on the example consortium with block 0 built from its own model:
// nothing to do at first; after `channel add-member` the next update is written, says what it
// changes and whose signatures it needs, and brings the ledger config to the repository's.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useExampleRepos, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { buildChannelConfig } from '../../tools/src/fabric/config/build-channel-config.ts';
import { genesisBlock } from '../../tools/src/fabric/config/config-block.ts';
import { computeUpdate } from '../../tools/src/fabric/config/compute-update.ts';
import { ledgerConfig } from '../../tools/src/fabric/config/ledger-config.ts';

const example = useExampleRepos();
const now = new Date('2027-06-01T00:00:00Z');

async function withGenesis(): Promise<ExampleRepo> {
  const repo = await example();
  const { model } = await loadRepository(createFilesystemReader(repo.dir));
  const block = genesisBlock(buildChannelConfig(model, 'recalls'), 'recalls', {
    timestamp: now,
    nonce: new Uint8Array(24),
  });
  writeFileSync(join(repo.dir, 'channels/recalls/genesis.block'), block);
  return repo;
}

describe('consortium channel update', () => {
  it("has nothing to write while the ledger config is the repository's", async () => {
    const repo = await withGenesis();
    const run = await runCli(['channel', 'update', 'recalls', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('already matches the repository');
  });

  it('after add-member writes 0001 with the changes and the signatures it needs; the ledger then matches', async () => {
    const repo = await withGenesis();
    const preview = await runCli(
      ['channel', 'add-member', 'recalls', 'logistics', '--dry-run', '--format', 'json', '--repo', repo.dir],
      { cwd: repo.dir, now },
    );
    expect(preview.code, preview.stderr).toBe(0);
    const pendingUpdates = (
      JSON.parse(preview.stdout) as { ledgerUpdates: { changes: { path: string; added: boolean }[] }[] }
    ).ledgerUpdates;
    expect(pendingUpdates[0]?.changes).toContainEqual({ path: '/Channel/Application/StraitsFreightMSP', added: true });
    expect(pendingUpdates).toMatchObject([
      {
        channel: 'recalls',
        update: '0001',
        // logistics runs an orderer: its /Channel/Orderer group takes a member's policies too.
        policies: [
          { path: '/Channel/Application/Admins', policy: 'MAJORITY Admins' },
          { path: '/Channel/Orderer/StraitsFreightMSP/Admins', policy: "OR('StraitsFreightMSP.admin')" },
        ],
        signers: [
          { mspId: 'AcmeManufacturingMSP', org: 'manufacturer' },
          { mspId: 'HarborviewRetailMSP', org: 'retailer' },
          { mspId: 'StraitsFreightMSP', org: 'logistics' },
        ],
      },
    ]);
    const added = await runCli(['channel', 'add-member', 'recalls', 'logistics', '--repo', repo.dir], {
      cwd: repo.dir,
      now,
    });
    expect(added.code, added.stderr).toBe(0);
    // The authoring command ends by naming the update to write and whose signatures it needs.
    const next = added.stdout.slice(added.stdout.indexOf('\nNext:\n'));
    expect(next).toContain(
      'write update 0001 with `consortium channel update recalls`; these must sign: /Channel/Application/Admins (MAJORITY Admins) needs 2 of: AcmeManufacturingMSP, HarborviewRetailMSP admins',
    );
    expect(next).toContain('consortium channel sign recalls --org manufacturer --update 0001');
    expect(next).toContain('consortium channel sign recalls --org retailer --update 0001');
    expect(next.indexOf('consortium channel update')).toBeLessThan(next.indexOf('git add -A'));

    const invalid = await runCli(['validate', '--repo', repo.dir, '--format', 'json'], { cwd: repo.dir, now });
    expect(invalid.code).toBe(1);
    const diagnostics = (
      JSON.parse(invalid.stdout) as { diagnostics: { rule: string; file: string; message: string }[] }
    ).diagnostics;
    const pending = diagnostics.filter((d) => d.rule === 'channel-ledger-config');
    expect(pending).toHaveLength(1);
    expect(pending[0]!.file).toBe('channels/recalls/channel.yaml');
    expect(pending[0]!.message).toMatch(
      /^channel recalls: the ledger config \(genesis.block\) differs from what the repository describes: .*\/Channel\/Application\/\w+ \(added\)/,
    );
    const run = await runCli(['channel', 'update', 'recalls', '--repo', repo.dir, '--format', 'json'], {
      cwd: repo.dir,
      now,
    });
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      updates: {
        update: string;
        file: string;
        changes: { path: string; added: boolean }[];
        policies: { path: string; missing: string }[];
      }[];
    };
    expect(out.updates.map((u) => u.file)).toEqual(['channels/recalls/updates/0001/update.pb']);
    const { model } = await loadRepository(createFilesystemReader(repo.dir));
    const logistics = model.orgs.find((o) => o.id === 'logistics')!.mspId;
    expect(out.updates[0]!.changes).toContainEqual({ path: `/Channel/Application/${logistics}`, added: true });
    expect(out.updates[0]!.policies.map((p) => p.path)).toContain('/Channel/Application/Admins');
    expect(out.updates[0]!.policies.find((p) => p.path === '/Channel/Application/Admins')!.missing).toMatch(
      /^needs 2 of: .+ admins$/,
    );

    const genesis = new Uint8Array(readFileSync(join(repo.dir, 'channels/recalls/genesis.block')));
    const update = new Uint8Array(readFileSync(join(repo.dir, out.updates[0]!.file)));
    const ledger = ledgerConfig(genesis, [{ number: '0001', bytes: update }]);
    if (!ledger.ok) throw new Error(ledger.error);
    expect(
      computeUpdate({ channelId: 'recalls', original: ledger.config, updated: buildChannelConfig(model, 'recalls') }),
    ).toBeUndefined();

    const valid = await runCli(['validate', '--repo', repo.dir, '--format', 'json'], { cwd: repo.dir, now });
    expect(
      (JSON.parse(valid.stdout) as { diagnostics: { rule: string }[] }).diagnostics.filter(
        (d) => d.rule === 'channel-ledger-config',
      ),
    ).toEqual([]);
    const text = await runCli(['channel', 'update', 'recalls', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(text.stdout).toContain('already matches');
    expect(readdirSync(join(repo.dir, 'channels/recalls/updates'))).toEqual(['0001']);
  });

  it('a channel without block 0 is a finding that says how to get one', async () => {
    const repo = await example();
    rmSync(join(repo.dir, 'channels/recalls/genesis.block'), { force: true });
    const run = await runCli(['channel', 'update', 'recalls', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('channel recalls has no channels/recalls/genesis.block');
  });
});
