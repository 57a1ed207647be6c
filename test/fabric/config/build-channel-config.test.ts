// The channel configuration the toolkit builds from the model, case by case (the table is shared
// with the configtxgen conformance test, which checks the same trees against Fabric's own tool).
import { describe, expect, it } from 'vitest';
import { buildChannelConfig } from '../../../tools/src/fabric/config/build-channel-config.ts';
import { ChannelConfigError } from '../../../tools/src/fabric/config/channel-config-error.ts';
import { decodeConfig, type DecodedGroup } from '../../../tools/src/fabric/config/decode-config-values.ts';
import type { ConsortiumModel } from '../../../tools/src/model/types.ts';
import type { Draft } from '../../support/model-builder.ts';
import { channelConfigCases } from './support/channel-config-cases.ts';
import { evaluateConfigPolicy } from './support/evaluate-config-policy.ts';

const pem = (model: ConsortiumModel, path: string): string => {
  const text = model.files.find((f) => f.path === path)?.text ?? '';
  return text.endsWith('\n') ? text : `${text}\n`;
};
const b64 = (text: string): string => Buffer.from(text).toString('base64');

function child(group: DecodedGroup, name: string): DecodedGroup {
  const found = group.groups[name];
  if (found === undefined) throw new Error(`no group ${name}`);
  return found;
}

function everyModPolicy(group: DecodedGroup, path: string, out: string[] = []): string[] {
  out.push(`${path} ${group.modPolicy}`);
  for (const [name, v] of Object.entries(group.values)) out.push(`${path}/${name} ${v.modPolicy}`);
  for (const [name, p] of Object.entries(group.policies)) out.push(`${path}/${name} ${p.modPolicy}`);
  for (const [name, g] of Object.entries(group.groups)) everyModPolicy(g, `${path}/${name}`, out);
  return out;
}

describe('buildChannelConfig', () => {
  for (const testCase of channelConfigCases) {
    it(testCase.name, async () => {
      const model = await testCase.model();
      const config = decodeConfig(buildChannelConfig(model, testCase.channel));
      const root = config.channelGroup;
      const { expect: want } = testCase;
      expect(config.sequence).toBe(0);
      expect(Object.keys(root.groups)).toEqual(['Application', 'Orderer']);
      expect(Object.keys(root.values)).toEqual(['BlockDataHashingStructure', 'Capabilities', 'HashingAlgorithm']);
      expect(root.values['HashingAlgorithm']?.value).toEqual({ name: 'SHA256' });
      expect(root.values['BlockDataHashingStructure']?.value).toEqual({ width: 4294967295 });
      expect(root.values['Capabilities']?.value).toEqual({ [want.capabilities.channel]: {} });
      expect(root.policies['Admins']?.value).toEqual({ rule: 'MAJORITY', subPolicy: 'Admins' });
      // configtxgen's genesis trees: everything at version 0, every mod_policy the group's Admins.
      expect(everyModPolicy(root, '').every((line) => line.endsWith(' Admins'))).toBe(true);

      const ordererGroup = child(root, 'Orderer');
      expect(Object.keys(ordererGroup.groups)).toEqual(want.ordererOrgs);
      expect(Object.keys(ordererGroup.values)).toEqual([
        'BatchSize',
        'BatchTimeout',
        'Capabilities',
        'ChannelRestrictions',
        'ConsensusType',
      ]);
      expect(ordererGroup.values['BatchTimeout']?.value).toEqual({ timeout: want.batchTimeout });
      expect(ordererGroup.values['Capabilities']?.value).toEqual({ [want.capabilities.orderer]: {} });
      expect(ordererGroup.policies['BlockValidation']?.value).toEqual({ rule: 'ANY', subPolicy: 'Writers' });
      const consensus = ordererGroup.values['ConsensusType']?.value as {
        type: string;
        metadata: { consentersList: { host: string; port: number; clientTlsCert: string; serverTlsCert: string }[] };
      };
      expect(consensus.type).toBe('etcdraft');
      expect(consensus.metadata.consentersList).toHaveLength(want.consenters);
      for (const consenter of consensus.metadata.consentersList) {
        // The consenter's certificate is the orderer's committed tlsCert, byte for byte.
        const [name, ...domain] = consenter.host.split('.');
        const org = model.orgs.find((o) => o.cluster.ingress.domain === domain.join('.'));
        const tlsCert = org?.orderers.find((o) => o.name === name)?.tlsCert ?? '';
        expect(consenter.port).toBe(443);
        expect(consenter.serverTlsCert).toBe(b64(pem(model, tlsCert)));
        expect(consenter.clientTlsCert).toBe(consenter.serverTlsCert);
      }
      for (const [mspId, orgGroup] of Object.entries(ordererGroup.groups)) {
        const org = model.orgs.find((o) => o.mspId === mspId);
        const msp = orgGroup.values['MSP']?.value as {
          config: { name: string; rootCertsList: string[]; fabricNodeOus: { enable: boolean } };
        };
        expect(msp.config.name).toBe(mspId);
        expect(msp.config.rootCertsList).toEqual([b64(pem(model, org?.msp.caCert ?? ''))]);
        expect(msp.config.fabricNodeOus.enable).toBe(true);
        expect(Object.keys(orgGroup.values)).toEqual(['Endpoints', 'MSP']);
        const readers = orgGroup.policies['Readers']?.value as { identities: { role: string }[] };
        const roles = [...new Set(readers.identities.map((i) => i.role))];
        expect(roles).toEqual(
          want.ordererOnlyOrgs.includes(mspId) ? ['orderer'] : ['admin', 'peer', 'client', 'orderer'],
        );
      }

      const application = child(root, 'Application');
      expect(Object.keys(application.groups)).toEqual(want.applicationOrgs);
      expect(application.values['Capabilities']?.value).toEqual({ [want.capabilities.application]: {} });
      expect(Object.fromEntries(Object.entries(application.policies).map(([name, p]) => [name, p.type]))).toEqual(
        want.applicationPolicyTypes,
      );
    });
  }

  it('writes each member org anchor peers in the order of their names, and none when it names none', async () => {
    const testCase = channelConfigCases.find((c) => c.name.startsWith('anchor peers'));
    const model = await (testCase?.model() ?? Promise.reject(new Error('case missing')));
    const application = child(decodeConfig(buildChannelConfig(model, 'traceability')).channelGroup, 'Application');
    expect(application.groups['AcmeManufacturingMSP']?.values['AnchorPeers']?.value).toEqual({
      anchorPeersList: [
        { host: 'peer0.fabric.acme-manufacturing.example', port: 443 },
        { host: 'peer1.fabric.acme-manufacturing.example', port: 443 },
      ],
    });
    expect(application.groups['HarborviewRetailMSP']?.values['AnchorPeers']).toBeUndefined();
  });

  it('names the consenter whose TLS certificate is not committed', async () => {
    const model = structuredClone(await channelConfigCases[0]!.model()) as Draft<ConsortiumModel>;
    const logistics = model.orgs.find((o) => o.id === 'logistics');
    delete logistics!.orderers[0]!.tlsCert;
    expect(() => buildChannelConfig(model, 'traceability')).toThrow(ChannelConfigError);
    expect(() => buildChannelConfig(model, 'traceability')).toThrow(/orderer "orderer0" of org "logistics".*tlsCert/);
  });

  it('refuses a channel the model does not have', async () => {
    const model = await channelConfigCases[0]!.model();
    expect(() => buildChannelConfig(model, 'nope')).toThrow(/channel "nope" is not in the model/);
  });
});

describe('readers follow membership', () => {
  const readers = async (caseName: string, channel: string) => {
    const testCase = channelConfigCases.find((c) => c.name.startsWith(caseName));
    const model = await (testCase?.model() ?? Promise.reject(new Error('case missing')));
    const root = decodeConfig(buildChannelConfig(model, channel)).channelGroup;
    return (mspId: string, role: 'admin' | 'client' | 'peer' | 'orderer') => ({
      read: evaluateConfigPolicy(root, 'Readers', [{ mspId, role }]),
      write: evaluateConfigPolicy(root, 'Writers', [{ mspId, role }]),
    });
  };

  it('keeps the clients, peers and admins of an org that only orders out of the channel', async () => {
    const can = await readers('example recalls', 'recalls');
    for (const role of ['client', 'peer', 'admin'] as const) {
      expect(can('StraitsFreightMSP', role), `StraitsFreightMSP.${role}`).toEqual({ read: false, write: false });
    }
  });

  it("still lets that org's orderers read and sign blocks, and its admins govern the ordering service", async () => {
    const testCase = channelConfigCases.find((c) => c.name.startsWith('example recalls'));
    const model = await (testCase?.model() ?? Promise.reject(new Error('case missing')));
    const root = decodeConfig(buildChannelConfig(model, 'recalls')).channelGroup;
    const orderer = [{ mspId: 'StraitsFreightMSP', role: 'orderer' as const }];
    expect(evaluateConfigPolicy(root, 'Readers', orderer)).toBe(true);
    expect(evaluateConfigPolicy(child(root, 'Orderer'), 'BlockValidation', orderer)).toBe(true);
    const straitsAdmin = { mspId: 'StraitsFreightMSP', role: 'admin' as const };
    const acmeAdmin = { mspId: 'AcmeManufacturingMSP', role: 'admin' as const };
    // Consenter changes need MAJORITY of the three orderer orgs' Admins: Straits Freight counts.
    expect(evaluateConfigPolicy(child(root, 'Orderer'), 'Admins', [straitsAdmin, acmeAdmin])).toBe(true);
    expect(evaluateConfigPolicy(child(root, 'Orderer'), 'Admins', [acmeAdmin])).toBe(false);
  });

  it("lets the members' identities read and write as before", async () => {
    const can = await readers('example recalls', 'recalls');
    expect(can('AcmeManufacturingMSP', 'client')).toEqual({ read: true, write: true });
    expect(can('HarborviewRetailMSP', 'peer').read).toBe(true);
    const member = await readers('example traceability', 'traceability');
    expect(member('StraitsFreightMSP', 'client')).toEqual({ read: true, write: true });
  });
});
