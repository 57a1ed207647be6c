// NetworkPolicies: everything in the namespace is denied in both directions, then each flow the
// Fabric topology needs is allowed by name. Cross-member traffic enters through the gateway's (or
// ingress controller's) namespace and leaves on the Fabric ports only (443 through other members' ingress,
// 7050/7051 for members that expose nodes directly).
import type { Chaincode, Peer } from '../model/types.ts';
import { chaincodeResourceName, couchdbResourceName, peerResourceName } from '../model/resource-names.ts';
import { CA_APP } from './fabric-ca.ts';
import { CHAINCODE_APP } from './chaincode.ts';
import { metaFor, type MemberContext } from './context.ts';
import { COUCHDB_APP } from './couchdb.ts';
import { ENROLL_APP } from './enrollment-jobs.ts';
import { JOB_APP } from './jobs.ts';
import { ORDERER_APP } from './orderer.ts';
import { PEER_APP } from './peer.ts';
import { PORTS } from './ports.ts';
import { CHAINCODE_LABEL, CHANNEL_LABEL, selectorLabels } from './labels.ts';
import type { JsonObject, KubeObject } from './types.ts';

const tcp = (port: number): JsonObject => ({ protocol: 'TCP', port });
const app = (name: string): JsonObject => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': name } } });
/** The pods that pass TLS through by SNI (the Gateway implementation's, or ingress-nginx's): cluster.ingress.controllerNamespace. */
const fromIngressController = (ctx: MemberContext): JsonObject => ({
  namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ctx.org.cluster.ingress.controllerNamespace } },
});
/** Label the member puts on its own application pods (any namespace) that dial its nodes in-cluster. */
export const CLIENT_LABEL = 'fabric.consortium/client';
/**
 * The org's own applications in its cluster, which use the in-cluster connection profile
 * (connection-profile.ts) instead of hair-pinning through the public load balancer.
 */
const fromOwnClients = (ctx: MemberContext): JsonObject => ({
  namespaceSelector: {},
  podSelector: { matchLabels: { [CLIENT_LABEL]: ctx.org.id } },
});
/** Other members' nodes, wherever they are: only the Fabric ports. */
const toOtherMembers: JsonObject = { ports: [tcp(PORTS.ingress), tcp(PORTS.orderer), tcp(PORTS.peer)] };

function policy(
  ctx: MemberContext,
  name: string,
  spec: JsonObject,
  scope: { channel?: string; chaincode?: string } = {},
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metaFor(ctx, {
      objectName: name,
      name: 'fabric-network-policy',
      instance: name,
      component: 'network-policy',
      ...scope,
    }),
    spec,
  };
}

export function renderBaselinePolicies(ctx: MemberContext): KubeObject[] {
  return [
    policy(ctx, 'default-deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
    policy(ctx, 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{ ports: [{ protocol: 'UDP', port: PORTS.dns }, tcp(PORTS.dns)] }],
    }),
  ];
}

export function renderPeerPolicy(ctx: MemberContext): KubeObject {
  return policy(ctx, 'fabric-peers', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': PEER_APP } },
    policyTypes: ['Ingress', 'Egress'],
    // Who dials a peer: other members' peers, SDK clients and commit Jobs (through the gateway),
    // the org's own peers (gossip inside the org), admin Jobs and in-cluster applications.
    // Orderers never dial peers.
    ingress: [
      {
        from: [fromIngressController(ctx), app(PEER_APP), app(JOB_APP), fromOwnClients(ctx)],
        ports: [tcp(PORTS.peer)],
      },
    ],
    // A peer pulls blocks from the OrdererEndpoints of the channel configuration, which are ingress
    // hosts on 443 (toOtherMembers), even for this org's own orderers: no in-cluster orderer rule.
    egress: [
      { to: [app(PEER_APP)], ports: [tcp(PORTS.peer)] },
      { to: [app(COUCHDB_APP)], ports: [tcp(PORTS.couchdb)] },
      { to: [app(CHAINCODE_APP)], ports: [tcp(PORTS.chaincode)] },
      toOtherMembers,
    ],
  });
}

export function renderOrdererPolicy(ctx: MemberContext): KubeObject {
  return policy(ctx, 'fabric-orderers', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': ORDERER_APP } },
    policyTypes: ['Ingress', 'Egress'],
    // Peers (deliver), other consenters (Raft) and clients (broadcast) all come through the gateway:
    // the channel configuration names only external hosts. In-cluster, the admin Jobs and the org's
    // own applications submit.
    ingress: [
      { from: [fromIngressController(ctx), app(JOB_APP), fromOwnClients(ctx)], ports: [tcp(PORTS.orderer)] },
      // The channel participation API only for this org's admin Jobs.
      { from: [app(JOB_APP)], ports: [tcp(PORTS.ordererAdmin)] },
    ],
    // Raft consenters, this org's own included, are dialled at their ingress hosts on 443.
    egress: [toOtherMembers],
  });
}

export function renderCouchdbPolicy(ctx: MemberContext, peer: Peer): KubeObject {
  const name = couchdbResourceName(ctx.org, peer);
  return policy(ctx, name, {
    podSelector: { matchLabels: selectorLabels({ name: COUCHDB_APP, instance: name }) },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [
      {
        from: [
          {
            podSelector: { matchLabels: selectorLabels({ name: PEER_APP, instance: peerResourceName(ctx.org, peer) }) },
          },
        ],
        ports: [tcp(PORTS.couchdb)],
      },
    ],
    egress: [],
  });
}

/** One policy for every version of the chaincode's server (an upgrade runs two side by side). */
export function renderChaincodePolicy(ctx: MemberContext, cc: Chaincode): KubeObject {
  return policy(
    ctx,
    `${chaincodeResourceName(cc)}-chaincode`,
    {
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': CHAINCODE_APP,
          [CHANNEL_LABEL]: cc.channel,
          [CHAINCODE_LABEL]: cc.name,
        },
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: [app(PEER_APP)], ports: [tcp(PORTS.chaincode)] }],
      egress: [],
    },
    { channel: cc.channel, chaincode: cc.name },
  );
}

export function renderCaPolicy(ctx: MemberContext): KubeObject {
  return policy(ctx, 'fabric-ca', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': CA_APP } },
    policyTypes: ['Ingress', 'Egress'],
    // The enrollment Job registers and enrolls the org's identities; the org's own applications
    // enroll their users. Nothing else needs the registrar's CA.
    ingress: [{ from: [app(ENROLL_APP), fromOwnClients(ctx)], ports: [tcp(PORTS.ca)] }],
    egress: [],
  });
}

/**
 * The enrollment Job: out to its CA, and to the Kubernetes API server to store the pairs. The API
 * server's address is the cluster's (the `kubernetes` Service's endpoints, often outside the pod
 * network), which render cannot know, so its ports are allowed to any address: 443 (the Service)
 * and 6443 (the usual endpoint port, which NetworkPolicy sees after the Service's translation).
 */
export function renderEnrollPolicy(ctx: MemberContext): KubeObject {
  return policy(ctx, 'fabric-enroll', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': ENROLL_APP } },
    policyTypes: ['Ingress', 'Egress'],
    ingress: [],
    egress: [{ to: [app(CA_APP)], ports: [tcp(PORTS.ca)] }, { ports: [tcp(PORTS.ingress), tcp(PORTS.kubeApiServer)] }],
  });
}

export function renderJobPolicy(ctx: MemberContext): KubeObject {
  return policy(ctx, 'fabric-admin-jobs', {
    podSelector: { matchLabels: { 'app.kubernetes.io/name': JOB_APP } },
    policyTypes: ['Egress'],
    egress: [
      { to: [app(PEER_APP)], ports: [tcp(PORTS.peer)] },
      { to: [app(ORDERER_APP)], ports: [tcp(PORTS.orderer), tcp(PORTS.ordererAdmin)] },
      toOtherMembers,
    ],
  });
}

export function renderNetworkPolicies(ctx: MemberContext): KubeObject[] {
  const policies = [...renderBaselinePolicies(ctx), renderCaPolicy(ctx), renderEnrollPolicy(ctx), renderJobPolicy(ctx)];
  if (ctx.org.peers.length > 0) policies.push(renderPeerPolicy(ctx));
  if (ctx.org.orderers.length > 0) policies.push(renderOrdererPolicy(ctx));
  for (const peer of ctx.org.peers) if (peer.stateDb === 'couchdb') policies.push(renderCouchdbPolicy(ctx, peer));
  for (const cc of ctx.installedChaincodes) policies.push(renderChaincodePolicy(ctx, cc));
  return policies;
}
