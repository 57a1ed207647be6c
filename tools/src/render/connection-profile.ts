// Fabric common connection profiles for this member's client applications (Fabric Gateway and the
// SDKs), TLS roots inline (public certificates), in a ConfigMap applications mount:
//   connection-profile.yaml           for applications in the member's own cluster: its own peers and
//                                     orderers at their in-cluster Service names (no hair-pin through
//                                     the public load balancer; their TLS certificates carry those
//                                     names, endpoints.ts nodeTlsHosts), other consenters outside;
//   connection-profile-external.yaml  for applications elsewhere: every node at its external host.
// The CA is named in-cluster in both: it is not published.
import type { Orderer, Organization, Peer } from '../model/types.ts';
import { ordererEndpoint, ordererHost, peerEndpoint, peerHost } from '../model/endpoints.ts';
import { caResourceName, ordererResourceName, peerResourceName } from '../model/resource-names.ts';
import { metaFor, type MemberContext } from './context.ts';
import { certificateText } from './msp-config.ts';
import { PORTS } from './ports.ts';
import { serializeYaml } from './serialize.ts';
import { serviceHost } from './services.ts';
import type { JsonObject, KubeObject } from './types.ts';

export const CONNECTION_PROFILE_CONFIGMAP = 'fabric-connection-profile';

/** Host and host:port a client dials: in-cluster for the member's own nodes when `inCluster`. */
interface Address {
  readonly host: string;
  readonly endpoint: string;
}

function peerAddressFor(ctx: MemberContext, peer: Peer, inCluster: boolean): Address {
  if (!inCluster) return { host: peerHost(ctx.org, peer), endpoint: peerEndpoint(ctx.org, peer) };
  const host = serviceHost(ctx, peerResourceName(ctx.org, peer));
  return { host, endpoint: `${host}:${PORTS.peer}` };
}

function ordererAddressFor(ctx: MemberContext, owner: Organization, orderer: Orderer, inCluster: boolean): Address {
  if (!inCluster || owner.id !== ctx.org.id)
    return { host: ordererHost(owner, orderer), endpoint: ordererEndpoint(owner, orderer) };
  const host = serviceHost(ctx, ordererResourceName(owner, orderer));
  return { host, endpoint: `${host}:${PORTS.orderer}` };
}

export function buildConnectionProfile(ctx: MemberContext, options: { readonly inCluster: boolean }): JsonObject {
  const { org } = ctx;
  const tlsCa = certificateText(ctx, org.msp.tlsCaCert);
  const ca = caResourceName(org);
  const peers: JsonObject = {};
  const peerHosts: string[] = [];
  for (const peer of org.peers) {
    const { host, endpoint } = peerAddressFor(ctx, peer, options.inCluster);
    peerHosts.push(host);
    peers[host] = {
      url: `grpcs://${endpoint}`,
      tlsCACerts: { pem: tlsCa },
      grpcOptions: { 'ssl-target-name-override': host, hostnameOverride: host },
    };
  }
  // Every channel is ordered by the same consenters; SDKs without discovery submit to these.
  const orderers: JsonObject = {};
  for (const { org: owner, orderer } of ctx.consenters) {
    const { host, endpoint } = ordererAddressFor(ctx, owner, orderer, options.inCluster);
    orderers[host] = {
      url: `grpcs://${endpoint}`,
      tlsCACerts: { pem: certificateText(ctx, owner.msp.tlsCaCert) },
      grpcOptions: { 'ssl-target-name-override': host, hostnameOverride: host },
    };
  }
  const channels: JsonObject = {};
  for (const channel of ctx.channels) {
    const channelPeers: JsonObject = {};
    for (const host of peerHosts) {
      channelPeers[host] = {
        endorsingPeer: true,
        chaincodeQuery: true,
        ledgerQuery: true,
        eventSource: true,
      };
    }
    channels[channel.name] = { orderers: Object.keys(orderers), peers: channelPeers };
  }
  return {
    name: `${ctx.consortium.name}-${org.id}`,
    version: '1.0.0',
    client: { organization: org.mspId, connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: {
      [org.mspId]: { mspid: org.mspId, peers: peerHosts, certificateAuthorities: [ca] },
    },
    orderers,
    peers,
    certificateAuthorities: {
      [ca]: {
        url: `https://${serviceHost(ctx, ca)}:${PORTS.ca}`,
        caName: ca,
        tlsCACerts: { pem: [tlsCa] },
        httpOptions: { verify: true },
      },
    },
    channels,
  };
}

export function renderConnectionProfile(ctx: MemberContext): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metaFor(ctx, {
      objectName: CONNECTION_PROFILE_CONFIGMAP,
      name: 'fabric-connection-profile',
      component: 'connection-profile',
    }),
    data: {
      'connection-profile.yaml': serializeYaml(buildConnectionProfile(ctx, { inCluster: true })),
      'connection-profile-external.yaml': serializeYaml(buildConnectionProfile(ctx, { inCluster: false })),
    },
  };
}
