// planChannelUpdate on a real repository folder: the ledger config from genesis.block and the
// committed updates, the desired config from the injected builder (the channel config the model
// describes), one update or a chain of them when etcdraft needs consenter changes one at a time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { loadChannelLedger } from '../../tools/src/model/load-channel-ledger.ts';
import { planChannelUpdate } from '../../tools/src/commands/channel-update.ts';
import { ledgerConfig } from '../../tools/src/fabric/config/ledger-config.ts';
import type { ChannelConfig } from '../../tools/src/fabric/config/config-tree.ts';
import { etcdraftConsenters } from '../../tools/src/fabric/config/etcdraft-membership.ts';
import { useExampleRepos } from '../authoring/support/example-repo.ts';
import {
  applicationOrgGroup,
  batchSizeValue,
  configBlock,
  consenterOf,
  consensusValue,
  sampleChannel,
  sampleOrg,
  withGroup,
  type SampleOrg,
} from '../fabric/config/support/sample-channel.ts';

const example = useExampleRepos();
let orgs: SampleOrg[];
let genesis: ChannelConfig;
beforeAll(async () => {
  orgs = await Promise.all(['Org1MSP', 'Org2MSP', 'Org3MSP', 'Org4MSP'].map((id) => sampleOrg(id)));
  genesis = sampleChannel(orgs.slice(0, 3));
});

async function plan(desired: ChannelConfig, setup: (dir: string) => void = () => undefined) {
  const repo = await example();
  writeFileSync(join(repo.dir, 'channels/recalls/genesis.block'), configBlock('recalls', genesis));
  setup(repo.dir);
  const reader = createFilesystemReader(repo.dir);
  const { model } = await loadRepository(reader);
  const result = await planChannelUpdate({ reader, model, channel: 'recalls', desiredConfig: () => desired });
  return { repo, result };
}

const withConsenters = (config: ChannelConfig, list: ReturnType<typeof consenterOf>[]) =>
  withGroup(config, ['Orderer'], (g) => ({
    ...g,
    values: { ...g.values, ConsensusType: { ...g.values['ConsensusType']!, value: consensusValue(list) } },
  }));

describe('planChannelUpdate', () => {
  it('writes nothing when the ledger config is the desired one', async () => {
    const { result } = await plan(genesis);
    expect(result.updates).toEqual([]);
  });

  it('adds an org as update 0001 needing a majority of the current admins', async () => {
    const desired = withGroup(genesis, ['Application'], (g) => ({
      ...g,
      groups: { ...g.groups, Org4MSP: applicationOrgGroup(orgs[3]!) },
    }));
    const { result } = await plan(desired);
    expect(result.updates.map((u) => u.file)).toEqual(['channels/recalls/updates/0001/update.pb']);
    const [update] = result.updates;
    expect(update!.changes.filter((c) => !c.added).map((c) => c.path)).toEqual(['/Channel/Application']);
    expect(update!.policies.map((p) => p.missing)).toEqual(['needs 2 of: Org1MSP, Org2MSP, Org3MSP admins']);
  });

  it('numbers after the committed updates, and the chain reaches the desired config', async () => {
    const bigger = withGroup(genesis, ['Orderer'], (g) => ({
      ...g,
      values: { ...g.values, BatchSize: { ...g.values['BatchSize']!, value: batchSizeValue(99) } },
    }));
    const first = await plan(bigger);
    const bytes = first.result.updates[0]!.bytes;
    const desired = withGroup(bigger, ['Application'], (g) => ({
      ...g,
      groups: { ...g.groups, Org4MSP: applicationOrgGroup(orgs[3]!) },
    }));
    const { result } = await plan(desired, (dir) => {
      mkdirSync(join(dir, 'channels/recalls/updates/0001'), { recursive: true });
      writeFileSync(join(dir, 'channels/recalls/updates/0001/update.pb'), bytes);
    });
    expect(result.updates.map((u) => u.number)).toEqual(['0002']);
  });

  it('splits two consenter additions into two updates, one consenter each, ending at the desired config', async () => {
    const three = orgs.slice(0, 3).map((o) => consenterOf(o));
    const desired = withConsenters(
      withGroup(genesis, ['Orderer'], (g) => ({
        ...g,
        values: { ...g.values, BatchSize: { ...g.values['BatchSize']!, value: batchSizeValue(20) } },
      })),
      [...three, consenterOf(orgs[0]!, 1), consenterOf(orgs[1]!, 1)],
    );
    const { repo, result } = await plan(desired);
    expect(result.updates.map((u) => u.number)).toEqual(['0001', '0002']);
    for (const u of result.updates) {
      mkdirSync(join(repo.dir, 'channels/recalls/updates', u.number), { recursive: true });
      writeFileSync(join(repo.dir, u.file), u.bytes);
    }
    const files = await loadChannelLedger(createFilesystemReader(repo.dir), 'recalls');
    const ledger = ledgerConfig(files.genesis!.bytes, files.updates);
    if (!ledger.ok) throw new Error(ledger.error);
    expect(ledger.steps.map((s) => etcdraftConsenters(s.after)?.length)).toEqual([4, 5]);
    expect(ledger.config.channelGroup.groups['Orderer']!.values['ConsensusType']!.value).toEqual(
      desired.channelGroup.groups['Orderer']!.values['ConsensusType']!.value,
    );
    expect(result.updates[0]!.policies.map((p) => p.path)).toEqual(['/Channel/Orderer/Admins']);
  });

  it('replaces a newest update whose read set a merged update made stale', async () => {
    const addFour = withGroup(genesis, ['Application'], (g) => ({
      ...g,
      groups: { ...g.groups, Org4MSP: applicationOrgGroup(orgs[3]!) },
    }));
    const stale = (await plan(addFour)).result.updates[0]!.bytes;
    const { result } = await plan(addFour, (dir) => {
      for (const n of ['0001', '0002']) {
        mkdirSync(join(dir, 'channels/recalls/updates', n), { recursive: true });
        writeFileSync(join(dir, 'channels/recalls/updates', n, 'update.pb'), stale);
      }
    });
    // 0001 already adds Org4MSP; 0002 (the same update again) is stale and goes; nothing is left to do.
    expect(result.replaced).toEqual(['channels/recalls/updates/0002']);
    expect(result.updates).toEqual([]);
  });
});

describe('loadChannelLedger', () => {
  it('reports gaps in the numbering and files that do not belong', async () => {
    const repo = await example();
    mkdirSync(join(repo.dir, 'channels/recalls/updates/0002/signatures'), { recursive: true });
    writeFileSync(join(repo.dir, 'channels/recalls/updates/0002/update.pb'), new Uint8Array([1]));
    writeFileSync(join(repo.dir, 'channels/recalls/updates/0002/notes.txt'), 'x');
    const files = await loadChannelLedger(createFilesystemReader(repo.dir), 'recalls');
    expect(files.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('does not belong in channels/recalls/updates/'),
      expect.stringContaining('expected 0001, found 0002'),
    ]);
  });
});
