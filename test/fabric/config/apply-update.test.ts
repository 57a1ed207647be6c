import { beforeAll, describe, expect, it } from 'vitest';
import { computeUpdate } from '../../../tools/src/fabric/config/compute-update.ts';
import {
  applyUpdate,
  computeDeltaSet,
  validateModPolicy,
  verifyReadSet,
} from '../../../tools/src/fabric/config/apply-update.ts';
import { mapConfig } from '../../../tools/src/fabric/config/config-map.ts';
import type { ChannelConfig, ConfigGroupNode } from '../../../tools/src/fabric/config/config-tree.ts';
import type { ConfigUpdate } from '../../../tools/src/fabric/config/config-update.ts';
import { ledgerConfig } from '../../../tools/src/fabric/config/ledger-config.ts';
import { encodeConfigUpdate } from '../../../tools/src/fabric/config/config-update.ts';
import {
  applicationOrgGroup,
  anchorPeersValue,
  batchSizeValue,
  configBlock,
  consenterOf,
  consensusValue,
  sampleChannel,
  sampleOrg,
  withGroup,
  type SampleOrg,
} from './support/sample-channel.ts';

let orgs: SampleOrg[];
let base: ChannelConfig;
beforeAll(async () => {
  orgs = await Promise.all(['Org1MSP', 'Org2MSP', 'Org3MSP', 'Org4MSP', 'Org5MSP'].map((id) => sampleOrg(id)));
  base = sampleChannel(orgs.slice(0, 3));
});

/** The tree without versions: what a config says, not how often it changed. */
function content(group: ConfigGroupNode): unknown {
  return {
    modPolicy: group.modPolicy,
    groups: Object.fromEntries(Object.entries(group.groups).map(([k, g]) => [k, content(g)])),
    values: Object.fromEntries(
      Object.entries(group.values).map(([k, v]) => [
        k,
        { modPolicy: v.modPolicy, value: Buffer.from(v.value).toString('hex') },
      ]),
    ),
    policies: Object.fromEntries(
      Object.entries(group.policies).map(([k, p]) => [
        k,
        { modPolicy: p.modPolicy, type: p.policyType, value: Buffer.from(p.policyValue).toString('hex') },
      ]),
    ),
  };
}

const addOrg = (config: ChannelConfig, org: SampleOrg) =>
  withGroup(config, ['Application'], (g) => ({ ...g, groups: { ...g.groups, [org.mspId]: applicationOrgGroup(org) } }));

function update(original: ChannelConfig, updated: ChannelConfig): ConfigUpdate {
  const computed = computeUpdate({ channelId: 'ch', original, updated });
  if (computed === undefined) throw new Error('no difference');
  return computed;
}

describe('applyUpdate', () => {
  it('turns the config into the updated one, with versions bumped and the sequence + 1', () => {
    const desired = addOrg(base, orgs[3]!);
    const result = applyUpdate({ channelId: 'ch', config: base, update: update(base, desired) });
    if (!result.ok) throw new Error(result.error);
    expect(content(result.config.channelGroup)).toEqual(content(desired.channelGroup));
    expect(result.config.sequence).toBe(1);
    expect(result.config.channelGroup.groups['Application']!.version).toBe(1);
    expect(result.config.channelGroup.groups['Application']!.groups['Org4MSP']!.version).toBe(0);
    // Adding an org changes /Channel/Application, governed by its mod_policy "Admins".
    const changed = result.delta.filter((d) => d.existing !== undefined);
    expect(changed.map((d) => [d.path, d.modPolicy])).toEqual([
      ['/Channel/Application', '/Channel/Application/Admins'],
    ]);
  });

  it("resolves an org element's relative mod_policy in the org's own group", () => {
    const desired = withGroup(base, ['Application', 'Org2MSP'], (g) => ({
      ...g,
      values: {
        ...g.values,
        AnchorPeers: { ...g.values['AnchorPeers']!, value: anchorPeersValue('peer1.org2.example.com') },
      },
    }));
    const result = applyUpdate({ channelId: 'ch', config: base, update: update(base, desired) });
    if (!result.ok) throw new Error(result.error);
    expect(result.delta.map((d) => [d.path, d.modPolicy])).toEqual([
      ['/Channel/Application/Org2MSP/AnchorPeers', '/Channel/Application/Org2MSP/Admins'],
    ]);
  });

  it('applies a removal, a batch size change and a second update on top of the first', () => {
    const removed = withGroup(base, ['Application'], (g) => {
      const rest = Object.fromEntries(Object.entries(g.groups).filter(([k]) => k !== 'Org1MSP'));
      return { ...g, groups: rest };
    });
    const first = applyUpdate({ channelId: 'ch', config: base, update: update(base, removed) });
    if (!first.ok) throw new Error(first.error);
    expect(Object.keys(first.config.channelGroup.groups['Application']!.groups).sort()).toEqual(['Org2MSP', 'Org3MSP']);
    const bigger = withGroup(first.config, ['Orderer'], (g) => ({
      ...g,
      values: { ...g.values, BatchSize: { ...g.values['BatchSize']!, value: batchSizeValue(50) } },
    }));
    const second = applyUpdate({ channelId: 'ch', config: first.config, update: update(first.config, bigger) });
    if (!second.ok) throw new Error(second.error);
    expect(second.config.sequence).toBe(2);
    expect(second.config.channelGroup.groups['Orderer']!.values['BatchSize']!.version).toBe(1);
    expect(second.delta.map((d) => d.modPolicy)).toEqual(['/Channel/Orderer/Admins']);
  });

  it('refuses an update computed against an older state: a stale read set', () => {
    const first = update(base, addOrg(base, orgs[3]!));
    const competing = update(base, addOrg(base, orgs[4]!));
    const after = applyUpdate({ channelId: 'ch', config: base, update: first });
    if (!after.ok) throw new Error(after.error);
    const result = applyUpdate({ channelId: 'ch', config: after.config, update: competing });
    expect(result).toMatchObject({ ok: false, staleReadSet: true });
    expect(!result.ok && result.error).toContain(
      'requires that key [Group]  /Channel/Application be at version 0, but it is currently at version 1',
    );
  });

  it('refuses an update for another channel', () => {
    const result = applyUpdate({ channelId: 'other', config: base, update: update(base, addOrg(base, orgs[3]!)) });
    expect(result.ok).toBe(false);
  });

  it('refuses a write set that skips a version', () => {
    const good = update(base, addOrg(base, orgs[3]!));
    const app = good.writeSet!.groups['Application']!;
    const bad: ConfigUpdate = {
      ...good,
      writeSet: { ...good.writeSet!, groups: { Application: { ...app, version: 5 } } },
    };
    const result = applyUpdate({ channelId: 'ch', config: base, update: bad });
    expect(!result.ok && result.error).toContain(
      'attempt to set key [Group]  /Channel/Application to version 5, but key is at version 0',
    );
  });

  it('refuses an update with no effect', () => {
    const good = update(base, addOrg(base, orgs[3]!));
    const result = applyUpdate({ channelId: 'ch', config: base, update: { ...good, writeSet: good.readSet } });
    expect(!result.ok && result.error).toContain('delta set was empty');
  });

  it('allows one consenter change per update and refuses two', () => {
    const consenters = (list: ReturnType<typeof consenterOf>[]) =>
      withGroup(base, ['Orderer'], (g) => ({
        ...g,
        values: { ...g.values, ConsensusType: { ...g.values['ConsensusType']!, value: consensusValue(list) } },
      }));
    const three = orgs.slice(0, 3).map((o) => consenterOf(o));
    const oneMore = consenters([...three, consenterOf(orgs[0]!, 1)]);
    expect(applyUpdate({ channelId: 'ch', config: base, update: update(base, oneMore) }).ok).toBe(true);
    const rotated = consenters([consenterOf(orgs[0]!, 1), three[1]!, three[2]!]);
    expect(applyUpdate({ channelId: 'ch', config: base, update: update(base, rotated) }).ok).toBe(true);
    const twoMore = consenters([...three, consenterOf(orgs[0]!, 1), consenterOf(orgs[1]!, 1)]);
    const result = applyUpdate({ channelId: 'ch', config: base, update: update(base, twoMore) });
    expect(!result.ok && result.error).toContain('more than one consenter at a time');
  });
});

describe('the orderer rules one by one', () => {
  it('verifyReadSet names the missing element', () => {
    const current = mapConfig(base.channelGroup);
    const read = mapConfig({
      ...base.channelGroup,
      groups: { Nope: { version: 0, modPolicy: '', groups: {}, values: {}, policies: {} } },
    });
    if (!current.ok || !read.ok) throw new Error('map');
    expect(verifyReadSet(current.map, read.map)).toContain('does not contain element for [Group]  /Channel/Nope');
  });

  it('computeDeltaSet keeps only elements whose version moved', () => {
    const read = mapConfig(base.channelGroup);
    const write = mapConfig({ ...base.channelGroup, version: 1 });
    if (!read.ok || !write.ok) throw new Error('map');
    expect([...computeDeltaSet(read.map, write.map).keys()]).toEqual(['[Group]  /Channel']);
  });

  it('validateModPolicy accepts relative and absolute names and refuses empty ones', () => {
    expect(validateModPolicy('Admins')).toBeUndefined();
    expect(validateModPolicy('/Channel/Application/Admins')).toBeUndefined();
    expect(validateModPolicy('')).toBe('mod_policy not set');
    expect(validateModPolicy('/Channel//Admins')).toContain('path element at 1 is invalid');
  });
});

describe('ledgerConfig', () => {
  it('is block 0 followed by every update, keeping the config before each', () => {
    const genesis = configBlock('ch', base);
    const desired1 = addOrg(base, orgs[3]!);
    const u1 = encodeConfigUpdate(update(base, desired1));
    const after1 = applyUpdate({ channelId: 'ch', config: base, update: update(base, desired1) });
    if (!after1.ok) throw new Error(after1.error);
    const desired2 = addOrg(after1.config, orgs[4]!);
    const u2 = encodeConfigUpdate(update(after1.config, desired2));
    const ledger = ledgerConfig(genesis, [
      { number: '0001', bytes: u1 },
      { number: '0002', bytes: u2 },
    ]);
    if (!ledger.ok) throw new Error(ledger.error);
    expect(ledger.channelId).toBe('ch');
    expect(ledger.config.sequence).toBe(2);
    expect(Object.keys(ledger.config.channelGroup.groups['Application']!.groups).sort()).toEqual([
      'Org1MSP',
      'Org2MSP',
      'Org3MSP',
      'Org4MSP',
      'Org5MSP',
    ]);
    expect(ledger.steps.map((s) => s.number)).toEqual(['0001', '0002']);
    expect(Object.keys(ledger.steps[1]!.before.channelGroup.groups['Application']!.groups)).toContain('Org4MSP');
  });

  it('names the update that no longer applies', () => {
    const genesis = configBlock('ch', base);
    const u = encodeConfigUpdate(update(base, addOrg(base, orgs[3]!)));
    const ledger = ledgerConfig(genesis, [
      { number: '0001', bytes: u },
      { number: '0002', bytes: u },
    ]);
    expect(ledger).toMatchObject({ ok: false, number: '0002', staleReadSet: true });
  });

  it('reports a genesis block that is not a block', () => {
    expect(ledgerConfig(new Uint8Array([1, 2, 3]), [])).toMatchObject({ ok: false, number: undefined });
  });
});
