import { posix } from 'node:path';
import type { RawChaincode, RawChannel, RawConsortium, RawOrganization } from './raw-types.ts';
import type { Source } from './source.ts';
import type { Chaincode, ChaincodeMetaInf, Channel, Consortium, Organization, OrgIngress, RepoFile } from './types.ts';

// Schema-checked documents -> domain objects. The data came from null-prototype objects; these
// copies are ordinary objects holding only the properties the schema allows, so nothing the
// repository says can reach an object's prototype.

export function buildConsortium(raw: RawConsortium, source: Source): Consortium {
  const { fabric, ordering, governance } = raw;
  return {
    name: raw.name,
    displayName: raw.displayName,
    fabric: { version: fabric.version, images: { ...fabric.images } },
    ordering: {
      type: ordering.type,
      consenters: ordering.consenters.map((c) => ({ org: c.org, orderer: c.orderer })),
      batch: { ...ordering.batch },
    },
    governance: {
      policies: { ...governance.policies },
      rules: { ...governance.rules },
      critical: {
        kinds: [...governance.critical.kinds],
        adminsPerOrg: governance.critical.adminsPerOrg,
        minimumOpenHours: governance.critical.minimumOpenHours,
      },
      requireChaincodeImageDigest: governance.requireChaincodeImageDigest,
    },
    source,
  };
}

/** `orgDir` is the org's folder (orgs/<id>); msp paths in org.yaml are relative to it. */
/** Defaults that depend on the kind: Traefik for Gateway API (the implementation the tests run), ingress-nginx's own names otherwise. */
function buildIngress(raw: RawOrganization['cluster']['ingress']): OrgIngress {
  const gateway = raw.kind === 'gateway';
  return {
    kind: raw.kind,
    className: raw.className ?? (gateway ? 'traefik' : 'nginx'),
    domain: raw.domain,
    controllerNamespace: raw.controllerNamespace ?? (gateway ? 'traefik' : 'ingress-nginx'),
  };
}

export function buildOrganization(raw: RawOrganization, source: Source, orgDir: string): Organization {
  const resolve = (path: string): string => posix.normalize(posix.join(orgDir, path));
  return {
    id: raw.id,
    mspId: raw.mspId,
    displayName: raw.displayName,
    region: raw.region,
    domain: raw.domain,
    admins: raw.admins.map((a) => ({ github: a.github, githubId: a.githubId })),
    msp: {
      caCert: resolve(raw.msp.caCert),
      tlsCaCert: resolve(raw.msp.tlsCaCert),
      adminCerts: raw.msp.adminCerts.map(resolve),
    },
    cluster: {
      name: raw.cluster.name,
      namespace: raw.cluster.namespace,
      storageClass: raw.cluster.storageClass,
      ingress: buildIngress(raw.cluster.ingress),
      ...(raw.cluster.resources === undefined ? {} : { resources: raw.cluster.resources }),
    },
    network: { egressCidrs: [...raw.network.egressCidrs] },
    peers: raw.peers.map((p) => ({ name: p.name, stateDb: p.stateDb, storage: p.storage })),
    orderers: raw.orderers.map((o) => ({
      name: o.name,
      storage: o.storage,
      ...(o.tlsCert === undefined ? {} : { tlsCert: resolve(o.tlsCert) }),
    })),
    ca: { storage: raw.ca.storage },
    source,
  };
}

/** Fabric reads only META-INF/statedb/ of a package (core/common/ccprovider/targzmetadataprovider.go). */
function buildMetaInf(dir: string, files: readonly RepoFile[]): ChaincodeMetaInf {
  const base = dir.replace(/\/+$/, '');
  const prefix = `${base}/statedb/couchdb/`;
  return {
    dir: base,
    files: files
      .filter((f) => f.path.startsWith(prefix) && f.path.endsWith('.json') && f.text !== undefined)
      .map((f) => ({ path: `META-INF/${f.path.slice(base.length + 1)}`, file: f.path, text: f.text ?? '' }))
      .sort((a, b) => compareStrings(a.path, b.path)),
  };
}

export function buildChaincode(
  raw: RawChaincode,
  source: Source,
  channel: string,
  files: readonly RepoFile[] = [],
): Chaincode {
  return {
    name: raw.name,
    channel,
    version: raw.version,
    sequence: raw.sequence,
    image: raw.image,
    endorsementPolicy: raw.endorsementPolicy,
    initRequired: raw.initRequired,
    init: raw.init === undefined ? undefined : { function: raw.init.function, args: [...(raw.init.args ?? [])] },
    ...(raw.previous === undefined ? {} : { previous: { version: raw.previous.version, image: raw.previous.image } }),
    collections: raw.collections.map((c) => ({
      name: c.name,
      policy: c.policy,
      requiredPeerCount: c.requiredPeerCount,
      maxPeerCount: c.maxPeerCount,
      blockToLive: c.blockToLive,
      memberOnlyRead: c.memberOnlyRead,
      memberOnlyWrite: c.memberOnlyWrite,
    })),
    installedOn: [...raw.installedOn],
    ...(raw.metaInf === undefined ? {} : { metaInf: buildMetaInf(raw.metaInf, files) }),
    source,
  };
}

export function buildChannel(raw: RawChannel, source: Source, chaincodes: readonly Chaincode[]): Channel {
  return {
    name: raw.name,
    members: [...raw.members],
    policies: { ...raw.policies },
    anchorPeers: raw.anchorPeers.map((a) => ({ org: a.org, peer: a.peer })),
    capabilities: { ...raw.capabilities },
    chaincodes: [...chaincodes].sort((a, b) => compareStrings(a.name, b.name)),
    source,
  };
}

/** Code-unit order: deterministic and locale-independent. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
