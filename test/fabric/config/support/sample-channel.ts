// A small application channel config shaped like configtxgen's (groups, MSP values with NodeOUs,
// ImplicitMeta and signature policies, etcdraft consenters, capabilities, batch size), with real
// certificates from the toolkit's own PKI, for unit tests of the config update rules.
import { genesisBlock } from '../../../../tools/src/fabric/config/config-block.ts';
import { common, msp, orderer, peer } from '@hyperledger/fabric-protos';
import { generateOrgPki, type OrgPki } from '../../../../tools/src/pki/generate-org-pki.ts';
import type {
  ChannelConfig,
  ConfigGroupNode,
  ConfigPolicyNode,
  ConfigValueNode,
} from '../../../../tools/src/fabric/config/config-tree.ts';
import { encodeSignaturePolicyEnvelope, parseSignaturePolicy } from '../../../../tools/src/fabric/policy/index.ts';

export const NOW = new Date('2026-11-01T00:00:00Z');

export interface SampleOrg {
  readonly mspId: string;
  readonly pki: OrgPki;
}

export async function sampleOrg(mspId: string, domain = `${mspId.toLowerCase()}.example.com`): Promise<SampleOrg> {
  return {
    mspId,
    pki: await generateOrgPki({ orgId: mspId.toLowerCase(), mspId, domain, validity: { days: 365 }, now: NOW }),
  };
}

const value = (bytes: Uint8Array, modPolicy = 'Admins'): ConfigValueNode => ({ version: 0, modPolicy, value: bytes });

export function signaturePolicy(expr: string, modPolicy = 'Admins'): ConfigPolicyNode {
  const parsed = parseSignaturePolicy(expr);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { version: 0, modPolicy, policyType: 1, policyValue: encodeSignaturePolicyEnvelope(parsed.envelope) };
}

export function implicitMeta(rule: 'ANY' | 'ALL' | 'MAJORITY', sub: string): ConfigPolicyNode {
  const message = new common.ImplicitMetaPolicy();
  message.setRule(common.ImplicitMetaPolicy.Rule[rule]);
  message.setSubPolicy(sub);
  return { version: 0, modPolicy: 'Admins', policyType: 3, policyValue: message.serializeBinary() };
}

export function mspValue(org: SampleOrg): Uint8Array {
  const ou = (name: string) => {
    const id = new msp.FabricOUIdentifier();
    id.setCertificate(Buffer.from(org.pki.certificates.ca));
    id.setOrganizationalUnitIdentifier(name);
    return id;
  };
  const ous = new msp.FabricNodeOUs();
  ous.setEnable(true);
  ous.setClientOuIdentifier(ou('client'));
  ous.setPeerOuIdentifier(ou('peer'));
  ous.setAdminOuIdentifier(ou('admin'));
  ous.setOrdererOuIdentifier(ou('orderer'));
  const fabric = new msp.FabricMSPConfig();
  fabric.setName(org.mspId);
  fabric.setRootCertsList([Buffer.from(org.pki.certificates.ca)]);
  fabric.setTlsRootCertsList([Buffer.from(org.pki.certificates.tlsCa)]);
  fabric.setFabricNodeOus(ous);
  const config = new msp.MSPConfig();
  config.setType(0);
  config.setConfig(fabric.serializeBinary());
  return config.serializeBinary();
}

export function anchorPeersValue(host: string, port = 7051): Uint8Array {
  const anchor = new peer.AnchorPeer();
  anchor.setHost(host);
  anchor.setPort(port);
  const anchors = new peer.AnchorPeers();
  anchors.setAnchorPeersList([anchor]);
  return anchors.serializeBinary();
}

export function capabilitiesValue(name: string): Uint8Array {
  const capabilities = new common.Capabilities();
  (capabilities.getCapabilitiesMap() as unknown as { set(k: string, v: common.Capability): void }).set(
    name,
    new common.Capability(),
  );
  return capabilities.serializeBinary();
}

export function batchSizeValue(maxMessageCount: number): Uint8Array {
  const size = new orderer.BatchSize();
  size.setMaxMessageCount(maxMessageCount);
  size.setAbsoluteMaxBytes(10 * 1024 * 1024);
  size.setPreferredMaxBytes(2 * 1024 * 1024);
  return size.serializeBinary();
}

export interface SampleConsenter {
  readonly host: string;
  readonly port: number;
  readonly cert: string;
}

export function consensusValue(consenters: readonly SampleConsenter[]): Uint8Array {
  const metadata = new orderer.etcdraft.ConfigMetadata();
  metadata.setConsentersList(
    consenters.map((c) => {
      const consenter = new orderer.etcdraft.Consenter();
      consenter.setHost(c.host);
      consenter.setPort(c.port);
      consenter.setClientTlsCert(Buffer.from(c.cert));
      consenter.setServerTlsCert(Buffer.from(c.cert));
      return consenter;
    }),
  );
  const type = new orderer.ConsensusType();
  type.setType('etcdraft');
  type.setMetadata(metadata.serializeBinary());
  return type.serializeBinary();
}

function orgPolicies(mspId: string): Record<string, ConfigPolicyNode> {
  return {
    Admins: signaturePolicy(`OR('${mspId}.admin')`),
    Readers: signaturePolicy(`OR('${mspId}.admin', '${mspId}.peer', '${mspId}.client')`),
    Writers: signaturePolicy(`OR('${mspId}.admin', '${mspId}.client')`),
    Endorsement: signaturePolicy(`OR('${mspId}.peer')`),
  };
}

export function applicationOrgGroup(
  org: SampleOrg,
  anchorHost = `peer0.${org.mspId.toLowerCase()}.example.com`,
): ConfigGroupNode {
  return {
    version: 0,
    modPolicy: 'Admins',
    groups: {},
    values: { MSP: value(mspValue(org)), AnchorPeers: value(anchorPeersValue(anchorHost)) },
    policies: orgPolicies(org.mspId),
  };
}

export function ordererOrgGroup(org: SampleOrg): ConfigGroupNode {
  return {
    version: 0,
    modPolicy: 'Admins',
    groups: {},
    values: { MSP: value(mspValue(org)) },
    policies: {
      Admins: signaturePolicy(`OR('${org.mspId}.admin')`),
      Readers: signaturePolicy(`OR('${org.mspId}.member')`),
      Writers: signaturePolicy(`OR('${org.mspId}.member')`),
    },
  };
}

/** A channel whose application and ordering orgs are `orgs`, one consenter per org. */
export function sampleChannel(orgs: readonly SampleOrg[]): ChannelConfig {
  const standard = (): Record<string, ConfigPolicyNode> => ({
    Admins: implicitMeta('MAJORITY', 'Admins'),
    Readers: implicitMeta('ANY', 'Readers'),
    Writers: implicitMeta('ANY', 'Writers'),
  });
  return {
    sequence: 0,
    channelGroup: {
      version: 0,
      modPolicy: 'Admins',
      values: { Capabilities: value(capabilitiesValue('V3_0')) },
      policies: standard(),
      groups: {
        Application: {
          version: 0,
          modPolicy: 'Admins',
          values: { Capabilities: value(capabilitiesValue('V2_5')) },
          policies: {
            ...standard(),
            Endorsement: implicitMeta('MAJORITY', 'Endorsement'),
            LifecycleEndorsement: implicitMeta('MAJORITY', 'Endorsement'),
          },
          groups: Object.fromEntries(orgs.map((org) => [org.mspId, applicationOrgGroup(org)])),
        },
        Orderer: {
          version: 0,
          modPolicy: 'Admins',
          values: {
            Capabilities: value(capabilitiesValue('V2_0')),
            BatchSize: value(batchSizeValue(10)),
            ConsensusType: value(consensusValue(orgs.map((org) => consenterOf(org)))),
          },
          policies: { ...standard(), BlockValidation: implicitMeta('ANY', 'Writers') },
          groups: Object.fromEntries(orgs.map((org) => [org.mspId, ordererOrgGroup(org)])),
        },
      },
    },
  };
}

export function consenterOf(org: SampleOrg, index = 0): SampleConsenter {
  // The TLS CA certificate stands in for a node certificate: consenters are told apart by bytes.
  return {
    host: `orderer${index}.${org.mspId.toLowerCase()}.example.com`,
    port: 7050,
    cert: index === 0 ? org.pki.certificates.tlsCa : `${org.pki.certificates.tlsCa}#${index}`,
  };
}

/** A config block carrying `config` for `channelId`, shaped like block 0. */
export function configBlock(channelId: string, config: ChannelConfig): Uint8Array {
  // A real block 0, as Fabric's genesis factory writes it (header data hash included).
  return genesisBlock(config, channelId, { timestamp: new Date(0), nonce: new Uint8Array(24) });
}

/** Replaces the group at `path` (e.g. ['Application']) by `change(group)`. */
export function withGroup(
  config: ChannelConfig,
  path: readonly string[],
  change: (group: ConfigGroupNode) => ConfigGroupNode,
): ChannelConfig {
  const edit = (group: ConfigGroupNode, rest: readonly string[]): ConfigGroupNode => {
    if (rest.length === 0) return change(group);
    const [head, ...tail] = rest as [string, ...string[]];
    const child = group.groups[head];
    if (child === undefined) throw new Error(`no group ${head}`);
    return { ...group, groups: { ...group.groups, [head]: edit(child, tail) } };
  };
  return { ...config, channelGroup: edit(config.channelGroup, path) };
}
