// Names of the Kubernetes objects rendered for each member, derived in one place so validation can
// check them before render creates them. Every object lives in the org's `cluster.namespace`.
//
//   Fabric CA            StatefulSet + Service   ca-<org>
//   peer                 StatefulSet + Service   <peer>-<org>
//   peer's CouchDB       StatefulSet + Service   <peer>-<org>-couchdb      (stateDb: couchdb)
//   orderer              StatefulSet + Service   <orderer>-<org>
//   chaincode (CCaaS)    Deployment + Service    <chaincode>-<channel>-<version>  (on each org in installedOn)
//                        NetworkPolicy           <chaincode>-<channel>-chaincode  (every version)
//
// Chaincode servers carry their version so that during an upgrade the new version's server runs
// beside the committed one (the chaincode file's `previous`) until the new sequence is committed.
//
// Limits: an object name used as a Service or Deployment name is a DNS-1123 label (at most 63
// characters). A StatefulSet's pods carry the label controller-revision-hash = "<name>-<hash>",
// whose value must also fit in 63 characters, which leaves 52 for the StatefulSet's name.
//
// Labels: every object carries app.kubernetes.io/part-of=<consortium>, fabric.consortium/org=<org>,
// and where relevant fabric.consortium/channel=<channel> and fabric.consortium/chaincode=<chaincode>,
// so those values must be valid label values (at most 63 characters).
//
// Chaincode and channel names and versions allow characters that object names do not (`_` in
// chaincode names, `.` in channel names, `.`, `_` and `+` in versions, upper case in both): they are
// folded with toDnsLabel, and two chaincodes (or versions) that fold to the same object name in
// one namespace are a validation error.
import type { Chaincode, Orderer, Organization, Peer } from './types.ts';

export const DNS_LABEL_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;
export const STATEFULSET_NAME_MAX_LENGTH = 52;

const dnsLabelPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** RFC 1123 label as Kubernetes checks it (IsDNS1123Label). */
export function isDnsLabel(value: string): boolean {
  return value.length <= DNS_LABEL_MAX_LENGTH && dnsLabelPattern.test(value);
}

/** Kubernetes label value (IsValidLabelValue). */
export function isLabelValue(value: string): boolean {
  return value.length <= LABEL_VALUE_MAX_LENGTH && labelValuePattern.test(value);
}

/** Folds a Fabric name or version into DNS-1123 characters: lower case, `_`, `.` and `+` become `-`. */
export function toDnsLabel(name: string): string {
  return name.toLowerCase().replace(/[_.+]/g, '-');
}

export function caResourceName(org: Organization): string {
  return `ca-${org.id}`;
}

export function peerResourceName(org: Organization, peer: Peer): string {
  return `${peer.name}-${org.id}`;
}

export function couchdbResourceName(org: Organization, peer: Peer): string {
  return `${peer.name}-${org.id}-couchdb`;
}

export function ordererResourceName(org: Organization, orderer: Orderer): string {
  return `${orderer.name}-${org.id}`;
}

export function chaincodeResourceName(chaincode: Pick<Chaincode, 'name' | 'channel'>): string {
  return `${toDnsLabel(chaincode.name)}-${toDnsLabel(chaincode.channel)}`;
}

/** The Deployment and Service of one version of a chaincode (and `-package`, its install package). */
export function chaincodeServerName(chaincode: Pick<Chaincode, 'name' | 'channel' | 'version'>): string {
  return `${chaincodeResourceName(chaincode)}-${toDnsLabel(chaincode.version)}`;
}
