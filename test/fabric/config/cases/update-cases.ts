// The table of channel changes whose config updates must equal Fabric's own: each case turns a
// channel config into the changed one. The same table serves the configtxlator conformance suite
// (test/fabric/config/compute-update-conformance.test.ts) and the real-network suite, which applies
// each change to the config its orderer holds. Changes work on any config of the standard layout
// (/Channel/Application/<org>, /Channel/Orderer/{BatchSize,ConsensusType}); the material they add
// (a new org, a rotated CA, a consenter certificate) is passed in.
import type {
  ChannelConfig,
  ConfigGroupNode,
  ConfigValueNode,
} from '../../../../tools/src/fabric/config/config-tree.ts';
import { etcdraftConsenters } from '../../../../tools/src/fabric/config/etcdraft-membership.ts';
import { withConsenters } from '../../../../tools/src/fabric/config/split-consenter-changes.ts';
import {
  anchorPeersValue,
  applicationOrgGroup,
  batchSizeValue,
  capabilitiesValue,
  mspValue,
  signaturePolicy,
  implicitMeta,
  withGroup,
  type SampleOrg,
} from '../support/sample-channel.ts';

export interface CaseMaterial {
  /** The org a case adds (not in the config yet). */
  readonly newcomer: SampleOrg;
  /** An existing member's MSP ID, and a replacement of its certificates (rotation). */
  readonly member: string;
  readonly rotated: SampleOrg;
  /** A consenter TLS certificate (PEM) not in the config yet. */
  readonly consenterCert: string;
}

export interface UpdateCase {
  readonly name: string;
  /** The policies (absolute paths) whose signatures the update needs. */
  readonly needs: (material: CaseMaterial) => readonly string[];
  readonly change: (config: ChannelConfig, material: CaseMaterial) => ChannelConfig;
}

const setValue = (group: ConfigGroupNode, name: string, value: Uint8Array): ConfigGroupNode => {
  const existing: ConfigValueNode = group.values[name] ?? { version: 0, modPolicy: 'Admins', value };
  return { ...group, values: { ...group.values, [name]: { ...existing, value } } };
};

export const UPDATE_CASES: readonly UpdateCase[] = [
  {
    name: 'add an org',
    needs: () => ['/Channel/Application/Admins'],
    change: (config, m) =>
      withGroup(config, ['Application'], (g) => ({
        ...g,
        groups: { ...g.groups, [m.newcomer.mspId]: applicationOrgGroup(m.newcomer) },
      })),
  },
  {
    name: 'remove an org',
    needs: () => ['/Channel/Application/Admins'],
    change: (config, m) =>
      withGroup(config, ['Application'], (g) => ({
        ...g,
        groups: Object.fromEntries(Object.entries(g.groups).filter(([k]) => k !== m.member)),
      })),
  },
  {
    name: 'channel policy change',
    needs: () => ['/Channel/Application/Admins'],
    change: (config) =>
      withGroup(config, ['Application'], (g) => ({
        ...g,
        policies: { ...g.policies, Endorsement: implicitMeta('ANY', 'Endorsement') },
      })),
  },
  {
    name: 'org policy change',
    needs: (m) => [`/Channel/Application/${m.member}/Admins`],
    change: (config, m) =>
      withGroup(config, ['Application', m.member], (g) => ({
        ...g,
        policies: { ...g.policies, Endorsement: signaturePolicy(`OR('${m.member}.peer', '${m.member}.admin')`) },
      })),
  },
  {
    name: 'anchor peers',
    needs: (m) => [`/Channel/Application/${m.member}/Admins`],
    change: (config, m) =>
      withGroup(config, ['Application', m.member], (g) =>
        setValue(g, 'AnchorPeers', anchorPeersValue('peer7.anchor.example.com', 9051)),
      ),
  },
  {
    name: 'capabilities',
    needs: () => ['/Channel/Application/Admins'],
    change: (config) =>
      withGroup(config, ['Application'], (g) => setValue(g, 'Capabilities', capabilitiesValue('V2_0'))),
  },
  {
    name: 'consenter add',
    needs: () => ['/Channel/Orderer/Admins'],
    change: (config, m) => {
      const cert = new Uint8Array(Buffer.from(m.consenterCert));
      const added = { host: 'orderer9.added.example.com', port: 7050, clientTlsCert: cert, serverTlsCert: cert };
      return withConsenters(config, [...(etcdraftConsenters(config) ?? []), added]);
    },
  },
  {
    name: 'consenter remove',
    needs: () => ['/Channel/Orderer/Admins'],
    change: (config) => withConsenters(config, (etcdraftConsenters(config) ?? []).slice(0, -1)),
  },
  {
    name: 'MSP certificate rotation',
    needs: (m) => [`/Channel/Application/${m.member}/Admins`],
    change: (config, m) =>
      withGroup(config, ['Application', m.member], (g) =>
        setValue(g, 'MSP', mspValue({ ...m.rotated, mspId: m.member })),
      ),
  },
  {
    name: 'batch size',
    needs: () => ['/Channel/Orderer/Admins'],
    change: (config) => withGroup(config, ['Orderer'], (g) => setValue(g, 'BatchSize', batchSizeValue(77))),
  },
];
