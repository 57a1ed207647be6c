// A Fabric common connection profile for this member's client applications (Fabric Gateway and
// the SDKs): its peers and the ordering service's consenters through their external endpoints, its
// CA in-cluster, TLS roots inline (public certificates). Rendered into a ConfigMap applications mount.
import { ordererEndpoint, ordererHost, peerEndpoint, peerHost } from '../model/endpoints.ts';
import { caResourceName } from '../model/resource-names.ts';
import { metaFor, type MemberContext } from './context.ts';
import { certificateText } from './msp-config.ts';
import { PORTS } from './ports.ts';
import { serializeYaml } from './serialize.ts';
import { serviceHost } from './services.ts';
import type { JsonObject, KubeObject } from './types.ts';

export const CONNECTION_PROFILE_CONFIGMAP = 'fabric-connection-profile';

export function buildConnectionProfile(ctx: MemberContext): JsonObject {
  const { org } = ctx;
  const tlsCa = certificateText(ctx, org.msp.tlsCaCert);
  const ca = caResourceName(org);
  const peers: JsonObject = {};
  for (const peer of org.peers) {
    const host = peerHost(org, peer);
    peers[host] = {
      url: `grpcs://${peerEndpoint(org, peer)}`,
      tlsCACerts: { pem: tlsCa },
      grpcOptions: { 'ssl-target-name-override': host, hostnameOverride: host },
    };
  }
  // Every channel is ordered by the same consenters; SDKs without discovery submit to these.
  const orderers: JsonObject = {};
  for (const { org: owner, orderer } of ctx.consenters) {
    const host = ordererHost(owner, orderer);
    orderers[host] = {
      url: `grpcs://${ordererEndpoint(owner, orderer)}`,
      tlsCACerts: { pem: certificateText(ctx, owner.msp.tlsCaCert) },
      grpcOptions: { 'ssl-target-name-override': host, hostnameOverride: host },
    };
  }
  const channels: JsonObject = {};
  for (const channel of ctx.channels) {
    const channelPeers: JsonObject = {};
    for (const peer of org.peers) {
      channelPeers[peerHost(org, peer)] = {
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
      [org.mspId]: { mspid: org.mspId, peers: org.peers.map((p) => peerHost(org, p)), certificateAuthorities: [ca] },
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
    data: { 'connection-profile.yaml': serializeYaml(buildConnectionProfile(ctx)) },
  };
}
