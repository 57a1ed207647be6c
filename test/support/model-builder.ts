// Builds a valid ConsortiumModel in memory (three orgs, two channels, a chaincode with a private
// data collection, three consenters from different orgs), then lets a test change one thing:
//
//   const model = buildModel({ certificates }, (m) => { m.orgs[1]!.mspId = 'Org1MSP'; });
//
// Source positions are left empty, so diagnostics point at line 1 of the right file; tests that
// need exact lines load a fixture repository instead.
import { createHash } from 'node:crypto';
import type { Chaincode, Channel, ConsortiumModel, Organization, RepoFile } from '../../tools/src/model/types.ts';
import type { OrgCertificates } from './test-certificates.ts';

/** A deeply writable copy of a model type, for test edits. */
export type Draft<T> = T extends Uint8Array
  ? T
  : T extends readonly (infer U)[]
    ? Draft<U>[]
    : T extends object
      ? { -readonly [K in keyof T]: Draft<T[K]> }
      : T;

export interface BuildModelOptions {
  /** Certificates per org index (0, 1, 2); without them the PEM files are absent from `files`. */
  readonly certificates?: readonly OrgCertificates[];
}

export const builderOrgIds = ['org1', 'org2', 'org3'] as const;

function buildOrg(index: number): Draft<Organization> {
  const id = `org${index + 1}`;
  return {
    id,
    mspId: `Org${index + 1}MSP`,
    displayName: `Organization ${index + 1}`,
    region: 'eu-central',
    domain: `${id}.example`,
    admins: [{ github: `${id}-admin`, githubId: 1000 + index }],
    msp: {
      caCert: `orgs/${id}/msp/ca.pem`,
      tlsCaCert: `orgs/${id}/msp/tlsca.pem`,
      adminCerts: [`orgs/${id}/msp/admin.pem`],
    },
    cluster: {
      name: `${id}-cluster`,
      namespace: `fabric-${id}`,
      storageClass: 'premium-rwo',
      ingress: {
        kind: 'gateway',
        className: 'traefik',
        domain: `fabric.${id}.example`,
        controllerNamespace: 'traefik',
      },
    },
    network: { egressCidrs: [] },
    peers: [
      { name: 'peer0', stateDb: 'couchdb', storage: '50Gi' },
      { name: 'peer1', stateDb: 'leveldb', storage: '50Gi' },
    ],
    orderers: [{ name: 'orderer0', storage: '20Gi' }],
    ca: { storage: '1Gi' },
    source: { file: `orgs/${id}/org.yaml`, positions: {} },
  };
}

function buildChaincode(
  channel: string,
  name: string,
  installedOn: string[],
  endorsementPolicy: string,
): Draft<Chaincode> {
  return {
    name,
    channel,
    version: '1.0.0',
    sequence: 1,
    // Pinned by digest, as the chaincode-image-digest rule asks (a stand-in digest, derived from the name).
    image: `ghcr.io/example/${name}:1.0.0@sha256:${createHash('sha256').update(name).digest('hex')}`,
    endorsementPolicy,
    initRequired: false,
    collections: [],
    installedOn,
    source: { file: `channels/${channel}/chaincodes/${name}.yaml`, positions: {} },
  };
}

function buildChannel(name: string, members: string[]): Draft<Channel> {
  return {
    name,
    members,
    policies: {
      Readers: 'ANY Readers',
      Writers: 'ANY Writers',
      Admins: 'MAJORITY Admins',
      Endorsement: 'MAJORITY Endorsement',
      LifecycleEndorsement: 'MAJORITY Endorsement',
    },
    anchorPeers: members.map((org) => ({ org, peer: 'peer0' })),
    capabilities: { channel: 'V2_0', orderer: 'V2_0', application: 'V2_5' },
    chaincodes: [],
    source: { file: `channels/${name}/channel.yaml`, positions: {} },
  };
}

function yamlFile(path: string): Draft<RepoFile> {
  const text = `# ${path}\n`;
  return { path, size: text.length, text };
}

/** A valid model; `edit` receives a writable draft to apply one mistake to. */
export function buildModel(
  options: BuildModelOptions = {},
  edit?: (draft: Draft<ConsortiumModel>) => void,
): ConsortiumModel {
  const orgs = builderOrgIds.map((_, i) => buildOrg(i));
  const traceability = buildChannel('traceability', ['org1', 'org2', 'org3']);
  const provenance = buildChaincode(
    'traceability',
    'provenance',
    ['org1', 'org2', 'org3'],
    "OutOf(2, 'Org1MSP.peer', 'Org2MSP.peer', 'Org3MSP.peer')",
  );
  provenance.collections.push({
    name: 'pricing',
    policy: "OR('Org1MSP.member', 'Org3MSP.member')",
    requiredPeerCount: 1,
    maxPeerCount: 2,
    blockToLive: 0,
    memberOnlyRead: true,
    memberOnlyWrite: true,
  });
  traceability.chaincodes.push(provenance);
  const recalls = buildChannel('recalls', ['org1', 'org3']);
  recalls.chaincodes.push(
    buildChaincode('recalls', 'recall-notices', ['org1', 'org3'], "AND('Org1MSP.peer', 'Org3MSP.peer')"),
  );

  const files: Draft<RepoFile>[] = [yamlFile('consortium/consortium.yaml')];
  orgs.forEach((org, i) => {
    files.push(yamlFile(org.source.file));
    const certs = options.certificates?.[i];
    if (certs === undefined) return;
    files.push({ path: org.msp.caCert, size: certs.caCert.length, text: certs.caCert });
    files.push({ path: org.msp.tlsCaCert, size: certs.tlsCaCert.length, text: certs.tlsCaCert });
    files.push({ path: org.msp.adminCerts[0] ?? '', size: certs.adminCert.length, text: certs.adminCert });
  });
  for (const channel of [recalls, traceability]) {
    files.push(yamlFile(channel.source.file));
    for (const chaincode of channel.chaincodes) files.push(yamlFile(chaincode.source.file));
  }

  const draft: Draft<ConsortiumModel> = {
    consortium: {
      name: 'example',
      displayName: 'Example Consortium',
      fabric: {
        version: '2.5.12',
        images: {
          peer: 'hyperledger/fabric-peer:2.5.12',
          orderer: 'hyperledger/fabric-orderer:2.5.12',
          ca: 'hyperledger/fabric-ca:1.5.15',
          tools: 'hyperledger/fabric-tools:2.5.12',
          couchdb: 'couchdb:3.3.3',
        },
      },
      ordering: {
        type: 'etcdraft',
        consenters: orgs.map((org) => ({ org: org.id, orderer: 'orderer0' })),
        batch: { timeout: '2s', maxMessageCount: 500, absoluteMaxBytes: '10 MB', preferredMaxBytes: '2 MB' },
      },
      governance: {
        policies: { Admins: 'MAJORITY Admins', Readers: 'ANY Readers', Writers: 'ANY Writers' },
        rules: {},
        critical: {
          kinds: ['org.remove', 'org.admins.update', 'governance.update', 'ordering.update', 'toolkit.update'],
          adminsPerOrg: 2,
          minimumOpenHours: 24,
        },
        requireChaincodeImageDigest: false,
      },
      source: { file: 'consortium/consortium.yaml', positions: {} },
    },
    orgs,
    channels: [recalls, traceability],
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
  edit?.(draft);
  return draft;
}
