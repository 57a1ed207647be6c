// configtx.yaml per channel, in the form Fabric's configtxgen reads, with the MSP directories it
// points at (public certificates from the repository) beside it: a consortium-level output that
// `consortium render --configtx DIR` writes once per channel, never into a member's directory
// (members apply the committed genesis block, not this):
//
//   <channel>/configtx.yaml
//   <channel>/organizations/<org>/msp/{cacerts/ca.pem,tlscacerts/tlsca.pem,config.yaml}
//   <channel>/organizations/<org>/orderers/<orderer>/tls.crt
//
// Each consenter's tls.crt is a copy of its orderer's committed `tlsCert`, so an operator can run
// `configtxgen -profile <channel> -channelID <channel> -outputBlock genesis.block` in that directory
// as is, for example to cross-check the committed genesis block with Fabric's own tool. A consenter
// without a committed tlsCert (validation warns) gets no file: configtxgen then cannot run.
import type { Channel, Organization } from '../model/types.ts';
import { orgPolicyRules } from '../fabric/config/org-policies.ts';
import { ordererEndpoint, ordererHost, peerHost, INGRESS_PORT } from '../model/endpoints.ts';
import { compare, type ConsortiumContext } from './context.ts';
import { InternalError } from '../errors.ts';
import { certificateText, MSP_CA_FILE, MSP_TLSCA_FILE, nodeOuConfig } from './msp-config.ts';
import type { JsonObject, RenderedFile } from './types.ts';
import { serializeYaml } from './serialize.ts';

const implicitMeta = /^(ANY|ALL|MAJORITY) [A-Za-z0-9_.-]+$/;

export function policyEntry(rule: string): JsonObject {
  return { Type: implicitMeta.test(rule) ? 'ImplicitMeta' : 'Signature', Rule: rule };
}

const capabilities = (name: string): JsonObject => ({ [name]: true });
const mspDir = (org: Organization) => `organizations/${org.id}/msp`;
export const consenterCertPath = (org: Organization, orderer: string): string =>
  `organizations/${org.id}/orderers/${orderer}/tls.crt`;

function orgSection(ctx: ConsortiumContext, org: Organization, channel: Channel): JsonObject {
  // Readers follow membership: an org that only orders this channel admits only its orderers.
  const rules = orgPolicyRules(org.mspId, { member: channel.members.includes(org.id) });
  const section: JsonObject = {
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: mspDir(org),
    Policies: Object.fromEntries(Object.entries(rules).map(([name, rule]) => [name, policyEntry(rule)])),
  };
  const ordererEndpoints = ctx.consenters
    .filter((c) => c.org.id === org.id)
    .map((c) => ordererEndpoint(c.org, c.orderer));
  if (ordererEndpoints.length > 0) section['OrdererEndpoints'] = ordererEndpoints;
  const anchors = channel.anchorPeers
    .filter((a) => a.org === org.id)
    .flatMap((a) => org.peers.filter((p) => p.name === a.peer))
    .map((peer): JsonObject => ({ Host: peerHost(org, peer), Port: INGRESS_PORT }));
  if (channel.members.includes(org.id) && anchors.length > 0) section['AnchorPeers'] = anchors;
  return section;
}

/** Orgs that appear in the channel's configuration: its members and the consenters' orgs. */
export function channelOrgs(ctx: ConsortiumContext, channel: Channel): Organization[] {
  const ids = new Set<string>([...channel.members, ...ctx.consenters.map((c) => c.org.id)]);
  return [...ids].sort(compare).map((id) => {
    const org = ctx.orgsById.get(id);
    if (org === undefined)
      throw new InternalError(`org ${id} of channel ${channel.name} is not defined; validation should have refused it`);
    return org;
  });
}

export function buildConfigtx(ctx: ConsortiumContext, channel: Channel): JsonObject {
  const orgs = new Map(channelOrgs(ctx, channel).map((org) => [org.id, orgSection(ctx, org, channel)]));
  const section = (id: string): JsonObject => orgs.get(id) ?? {};
  const ordererOrgIds = [...new Set(ctx.consenters.map((c) => c.org.id))].sort(compare);
  const { batch } = ctx.consortium.ordering;
  const meta = (rule: string) => policyEntry(rule);
  return {
    Organizations: [...orgs.values()],
    Profiles: {
      [channel.name]: {
        Policies: { Readers: meta('ANY Readers'), Writers: meta('ANY Writers'), Admins: meta('MAJORITY Admins') },
        Capabilities: capabilities(channel.capabilities.channel),
        Orderer: {
          OrdererType: 'etcdraft',
          BatchTimeout: batch.timeout,
          BatchSize: {
            MaxMessageCount: batch.maxMessageCount,
            AbsoluteMaxBytes: configtxByteSize(batch.absoluteMaxBytes),
            PreferredMaxBytes: configtxByteSize(batch.preferredMaxBytes),
          },
          EtcdRaft: {
            Consenters: ctx.consenters.map((c): JsonObject => ({
              Host: ordererHost(c.org, c.orderer),
              Port: INGRESS_PORT,
              ClientTLSCert: consenterCertPath(c.org, c.orderer.name),
              ServerTLSCert: consenterCertPath(c.org, c.orderer.name),
            })),
            Options: {
              TickInterval: '500ms',
              ElectionTick: 10,
              HeartbeatTick: 1,
              MaxInflightBlocks: 5,
              SnapshotIntervalSize: '16 MB',
            },
          },
          Organizations: ordererOrgIds.map(section),
          Policies: {
            Readers: meta('ANY Readers'),
            Writers: meta('ANY Writers'),
            Admins: meta('MAJORITY Admins'),
            BlockValidation: meta('ANY Writers'),
          },
          Capabilities: capabilities(channel.capabilities.orderer),
        },
        Application: {
          Organizations: channel.members.map(section),
          Policies: {
            Readers: policyEntry(channel.policies.Readers),
            Writers: policyEntry(channel.policies.Writers),
            Admins: policyEntry(channel.policies.Admins),
            LifecycleEndorsement: policyEntry(channel.policies.LifecycleEndorsement),
            Endorsement: policyEntry(channel.policies.Endorsement),
          },
          Capabilities: capabilities(channel.capabilities.application),
        },
      },
    },
  };
}

/** Every channel's configtxgen input, paths relative to the output directory (`<channel>/...`). */
export function renderConfigtx(ctx: ConsortiumContext): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const channel of ctx.allChannels) {
    const dir = channel.name;
    files.push({ path: `${dir}/configtx.yaml`, content: serializeYaml(buildConfigtx(ctx, channel)) });
    for (const org of channelOrgs(ctx, channel)) {
      const msp = `${dir}/${mspDir(org)}`;
      files.push(
        { path: `${msp}/cacerts/${MSP_CA_FILE}`, content: certificateText(ctx, org.msp.caCert) },
        { path: `${msp}/tlscacerts/${MSP_TLSCA_FILE}`, content: certificateText(ctx, org.msp.tlsCaCert) },
        { path: `${msp}/config.yaml`, content: nodeOuConfig(`cacerts/${MSP_CA_FILE}`) },
      );
    }
    for (const { org, orderer } of ctx.consenters) {
      if (orderer.tlsCert === undefined) continue;
      files.push({
        path: `${dir}/${consenterCertPath(org, orderer.name)}`,
        content: certificateText(ctx, orderer.tlsCert),
      });
    }
  }
  return files;
}

/**
 * A byte size as configtx.yaml must carry it: configtxgen's decode hook reads "512 KB" but leaves a
 * plain count of bytes to YAML's integer decoding, so "1048576 B" has to become the number.
 */
// Fabric: common/viperutil/config_util.go byteSizeDecodeHook
function configtxByteSize(size: string): string | number {
  return /^[0-9]+\s*[bB]$/.test(size) ? Number(size.replace(/\s*[bB]$/, '')) : size;
}
