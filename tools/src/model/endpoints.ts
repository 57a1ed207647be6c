// Where each member's Fabric nodes are reached from outside its cluster. One derivation shared by
// validation (uniqueness of hostnames) and rendering (Ingress hosts, TLS SANs, connection profiles),
// so the two can never disagree.
//
// Every node is exposed through the org's ingress controller with TLS passthrough (SNI routing),
// so all external endpoints use port 443 and differ only by hostname:
//
//   peer      <peer.name>.<cluster.ingress.domain>      e.g. peer0.fabric.acme.example:443
//   orderer   <orderer.name>.<cluster.ingress.domain>   e.g. orderer0.fabric.acme.example:443
//   CA        ca.<cluster.ingress.domain>               e.g. ca.fabric.acme.example:443
//
// Hostnames are lowercased: DNS is case-insensitive, so "Peer0" and "peer0" are the same host.
import { ordererResourceName, peerResourceName } from './resource-names.ts';
import type { Orderer, Organization, Peer } from './types.ts';

/** Port of every external endpoint (TLS passthrough on the ingress controller). */
export const INGRESS_PORT = 443;

/** The first DNS label of the CA's hostname. */
export const CA_HOST_LABEL = 'ca';

export function peerHost(org: Organization, peer: Peer): string {
  return `${peer.name}.${org.cluster.ingress.domain}`.toLowerCase();
}

export function ordererHost(org: Organization, orderer: Orderer): string {
  return `${orderer.name}.${org.cluster.ingress.domain}`.toLowerCase();
}

export function caHost(org: Organization): string {
  return `${CA_HOST_LABEL}.${org.cluster.ingress.domain}`.toLowerCase();
}

export function peerEndpoint(org: Organization, peer: Peer): string {
  return `${peerHost(org, peer)}:${INGRESS_PORT}`;
}

export function ordererEndpoint(org: Organization, orderer: Orderer): string {
  return `${ordererHost(org, orderer)}:${INGRESS_PORT}`;
}

export function caEndpoint(org: Organization): string {
  return `${caHost(org)}:${INGRESS_PORT}`;
}

/**
 * Every DNS name a node's TLS certificate carries: the external host other members dial, then the
 * names of its Service in its own cluster (short, namespace-qualified, fully qualified), which the
 * org's own peers, Jobs and in-cluster applications dial instead of hair-pinning through the public
 * load balancer.
 */
export function nodeTlsHosts(org: Organization, externalHost: string, serviceName: string): string[] {
  const ns = org.cluster.namespace;
  return [
    externalHost,
    serviceName,
    `${serviceName}.${ns}`,
    `${serviceName}.${ns}.svc`,
    `${serviceName}.${ns}.svc.cluster.local`,
  ];
}

export const peerTlsHosts = (org: Organization, peer: Peer): string[] =>
  nodeTlsHosts(org, peerHost(org, peer), peerResourceName(org, peer));

export const ordererTlsHosts = (org: Organization, orderer: Orderer): string[] =>
  nodeTlsHosts(org, ordererHost(org, orderer), ordererResourceName(org, orderer));
