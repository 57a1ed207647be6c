// configtx.yaml per channel, in the form Fabric's configtxgen reads, with the MSP directories it
// points at (public certificates from the repository) rendered beside it:
//
//   channels/<channel>/configtx.yaml
//   channels/<channel>/organizations/<org>/msp/{cacerts/ca.pem,tlscacerts/tlsca.pem,config.yaml}
//   channels/<channel>/organizations/<org>/orderers/<orderer>/tls.crt
//
// Each consenter's tls.crt is a copy of its orderer's committed `tlsCert` (public, issued by the
// org's TLS CA in its cluster and committed in a second pull request), so whoever creates the
// channel's genesis block runs `configtxgen -profile <channel> -channelID <channel> -outputBlock
// genesis.block` in that directory as is, and hands the block to every member (secret-names.ts
// genesisConfigMap). A consenter without a committed tlsCert (validation warns) gets no file: its
// certificate has to be put at that path by hand before configtxgen can run.
import type { Channel, Organization } from '../model/types.ts';
import { orgPolicyRules } from '../fabric/config/org-policies.ts';
import { ordererEndpoint, ordererHost, peerHost, INGRESS_PORT } from '../model/endpoints.ts';
import { compare, orgOf, type MemberContext } from './context.ts';
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

function orgSection(ctx: MemberContext, org: Organization, channel: Channel): JsonObject {
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
export function channelOrgs(ctx: MemberContext, channel: Channel): Organization[] {
  const ids = new Set<string>([...channel.members, ...ctx.consenters.map((c) => c.org.id)]);
  return [...ids].sort(compare).map((id) => orgOf(ctx, id));
}

export function buildConfigtx(ctx: MemberContext, channel: Channel): JsonObject {
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
            AbsoluteMaxBytes: batch.absoluteMaxBytes,
            PreferredMaxBytes: batch.preferredMaxBytes,
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

/** Channels whose artifacts this member receives: those it belongs to or orders. */
export function configtxChannels(ctx: MemberContext): readonly Channel[] {
  return ctx.ownConsenters.length > 0 ? ctx.allChannels : ctx.channels;
}

export function renderChannelArtifacts(ctx: MemberContext): RenderedFile[] {
  const files: RenderedFile[] = [];
  for (const channel of configtxChannels(ctx)) {
    const dir = `channels/${channel.name}`;
    files.push({ path: `${dir}/configtx.yaml`, content: serializeYaml(buildConfigtx(ctx, channel)) });
    for (const org of channelOrgs(ctx, channel)) {
      const msp = `${dir}/${mspDir(org)}`;
      files.push(
        { path: `${msp}/cacerts/${MSP_CA_FILE}`, content: certificateText(ctx, org.msp.caCert) },
        { path: `${msp}/tlscacerts/${MSP_TLSCA_FILE}`, content: certificateText(ctx, org.msp.tlsCaCert) },
        { path: `${msp}/config.yaml`, content: nodeOuConfig(`cacerts/${MSP_CA_FILE}`) },
      );
    }
    const copied = new Set<string>();
    for (const { org, orderer } of ctx.consenters) {
      const path = `${dir}/${consenterCertPath(org, orderer.name)}`;
      if (orderer.tlsCert === undefined || copied.has(path)) continue;
      copied.add(path);
      files.push({ path, content: certificateText(ctx, orderer.tlsCert) });
    }
  }
  return files;
}
