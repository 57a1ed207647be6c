import { beforeAll, describe, expect, it } from 'vitest';
import { computeUpdate } from '../../../tools/src/fabric/config/compute-update.ts';
import { decodeConfigUpdate, encodeConfigUpdate } from '../../../tools/src/fabric/config/config-update.ts';
import type { ChannelConfig } from '../../../tools/src/fabric/config/config-tree.ts';
import {
  applicationOrgGroup,
  sampleChannel,
  sampleOrg,
  signaturePolicy,
  withGroup,
  type SampleOrg,
} from './support/sample-channel.ts';

let orgs: SampleOrg[];
let base: ChannelConfig;
beforeAll(async () => {
  orgs = await Promise.all(['Org1MSP', 'Org2MSP', 'Org3MSP', 'Org4MSP'].map((id) => sampleOrg(id)));
  base = sampleChannel(orgs.slice(0, 3));
});

describe('computeUpdate', () => {
  it('is undefined when nothing differs', () => {
    expect(computeUpdate({ channelId: 'ch', original: base, updated: base })).toBeUndefined();
  });

  it('adds an org: Application at version + 1 with every member named, the new org at version 0', () => {
    const updated = withGroup(base, ['Application'], (g) => ({
      ...g,
      groups: { ...g.groups, Org4MSP: applicationOrgGroup(orgs[3]!) },
    }));
    const update = computeUpdate({ channelId: 'ch', original: base, updated })!;
    expect(update.channelId).toBe('ch');
    const readApp = update.readSet!.groups['Application']!;
    const writeApp = update.writeSet!.groups['Application']!;
    expect(update.readSet!.version).toBe(0);
    expect(update.writeSet!.version).toBe(0);
    expect(update.writeSet!.modPolicy).toBe('');
    expect(readApp.version).toBe(0);
    expect(Object.keys(readApp.groups).sort()).toEqual(['Org1MSP', 'Org2MSP', 'Org3MSP']);
    expect(writeApp.version).toBe(1);
    expect(writeApp.modPolicy).toBe('Admins');
    expect(Object.keys(writeApp.groups).sort()).toEqual(['Org1MSP', 'Org2MSP', 'Org3MSP', 'Org4MSP']);
    // Unchanged siblings by version only; the new org complete at version 0.
    expect(writeApp.groups['Org1MSP']).toEqual({ version: 0, modPolicy: '', groups: {}, values: {}, policies: {} });
    expect(writeApp.groups['Org4MSP']!.version).toBe(0);
    expect(Object.keys(writeApp.groups['Org4MSP']!.values).sort()).toEqual(['AnchorPeers', 'MSP']);
    // Application's own values and policies are listed by version (membership rewritten).
    expect(writeApp.policies['Admins']).toEqual({
      version: 0,
      modPolicy: '',
      policyType: 0,
      policyValue: new Uint8Array(),
    });
    expect(Object.keys(update.writeSet!.groups)).toEqual(['Application']);
  });

  it('changes one org policy: only that policy at version + 1, its groups keep their versions', () => {
    const updated = withGroup(base, ['Application', 'Org2MSP'], (g) => ({
      ...g,
      policies: { ...g.policies, Endorsement: signaturePolicy(`OR('Org2MSP.peer', 'Org2MSP.admin')`) },
    }));
    const update = computeUpdate({ channelId: 'ch', original: base, updated })!;
    const org = update.writeSet!.groups['Application']!.groups['Org2MSP']!;
    expect(org.version).toBe(0);
    expect(org.modPolicy).toBe('');
    expect(Object.keys(org.policies)).toEqual(['Endorsement']);
    expect(org.policies['Endorsement']!.version).toBe(1);
    expect(update.readSet!.groups['Application']!.groups['Org2MSP']).toEqual({
      version: 0,
      modPolicy: '',
      groups: {},
      values: {},
      policies: {},
    });
  });

  it('removes an org: the member is absent from the rewritten Application group', () => {
    const updated = withGroup(base, ['Application'], (g) => {
      const rest = Object.fromEntries(Object.entries(g.groups).filter(([k]) => k !== 'Org3MSP'));
      return { ...g, groups: rest };
    });
    const update = computeUpdate({ channelId: 'ch', original: base, updated })!;
    expect(Object.keys(update.writeSet!.groups['Application']!.groups).sort()).toEqual(['Org1MSP', 'Org2MSP']);
    expect(update.writeSet!.groups['Application']!.version).toBe(1);
  });

  it('ignores the versions of the updated config', () => {
    const bumped = withGroup(base, ['Application'], (g) => ({ ...g, version: 7 }));
    expect(computeUpdate({ channelId: 'ch', original: base, updated: bumped })).toBeUndefined();
  });

  it('round-trips through ConfigUpdate bytes', () => {
    const updated = withGroup(base, ['Application'], (g) => ({
      ...g,
      groups: { ...g.groups, Org4MSP: applicationOrgGroup(orgs[3]!) },
    }));
    const update = computeUpdate({ channelId: 'ch', original: base, updated })!;
    const decoded = decodeConfigUpdate(encodeConfigUpdate(update));
    expect(decoded).toEqual({ ok: true, value: update });
  });

  it('reports bytes that are no ConfigUpdate as an error', () => {
    expect(decodeConfigUpdate(new Uint8Array([0xff, 0xff, 0xff])).ok).toBe(false);
  });
});
