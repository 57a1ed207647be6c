// The secrets contract: names of the Secrets (and the one input ConfigMap) rendered objects
// reference. The member provides the CA signing pairs, the CA's TLS listener pair and the
// registrar credential (`consortium org secrets`); the rendered enrollment Job fills the node and
// admin identity Secrets from the org's own Fabric CA (enrollment.ts). Rendered objects reference
// them by name only; no key, password or token is ever part of the output. docs/render.md lists
// the keys.
import type { Organization, Orderer, Peer } from '../model/types.ts';
import {
  caResourceName,
  ordererResourceName,
  peerResourceName,
  couchdbResourceName,
  toDnsLabel,
} from '../model/resource-names.ts';

/** kubernetes.io/tls + `ca.crt`: the node's TLS server (and client) certificate from the org's TLS CA. */
export function nodeTlsSecret(nodeResourceName: string): string {
  return `${nodeResourceName}-tls`;
}

/** `cert.pem` + `key.pem`: the node's enrollment (signing) identity. */
export function nodeMspSecret(nodeResourceName: string): string {
  return `${nodeResourceName}-msp`;
}

export const peerTlsSecret = (org: Organization, peer: Peer): string => nodeTlsSecret(peerResourceName(org, peer));
export const peerMspSecret = (org: Organization, peer: Peer): string => nodeMspSecret(peerResourceName(org, peer));
export const ordererTlsSecret = (org: Organization, o: Orderer): string => nodeTlsSecret(ordererResourceName(org, o));
export const ordererMspSecret = (org: Organization, o: Orderer): string => nodeMspSecret(ordererResourceName(org, o));

/** `username` + `password` of the CouchDB admin, shared by the CouchDB server and its peer. */
export const couchdbSecret = (org: Organization, peer: Peer): string => `${couchdbResourceName(org, peer)}-admin`;

/** `ca.crt` + `ca.key`: the org's enrollment CA signing pair (ca.crt = the repository's msp.caCert). */
export const caSigningSecret = (org: Organization): string => `${caResourceName(org)}-signing`;
/** `ca.crt` + `ca.key`: the org's TLS CA signing pair (ca.crt = the repository's msp.tlsCaCert). */
export const caTlsCaSigningSecret = (org: Organization): string => `${caResourceName(org)}-tlsca-signing`;
/** kubernetes.io/tls: the CA server's own TLS listener. */
export const caTlsSecret = (org: Organization): string => `${caResourceName(org)}-tls`;
/** `username` + `password`: the CA's bootstrap registrar, chosen by the member. */
export const caBootstrapSecret = (org: Organization): string => `${caResourceName(org)}-bootstrap`;

/** `cert.pem` + `key.pem`: an org admin identity the lifecycle Jobs sign with. */
export const adminMspSecret = (org: Organization): string => `${org.id}-admin-msp`;
/** kubernetes.io/tls: the admin's TLS client certificate (osnadmin needs mutual TLS). */
export const adminTlsSecret = (org: Organization): string => `${org.id}-admin-tls`;

/**
 * ConfigMap with binaryData `genesis.block`: the channel's block 0 as committed in the repository
 * (channels/<ch>/genesis.block), rendered for every member by genesis-configmap.ts (it is public
 * and must be byte-identical everywhere, which generating it in each cluster would not be).
 */
export const genesisConfigMap = (channel: string): string => `${toDnsLabel(channel)}-genesis`;
