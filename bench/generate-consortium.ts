// Writes a large, valid consortium repository to disk, for benchmarks (`bench:validate`,
// `bench:render`). Certificates are real (one CA, TLS CA and admin certificate generated with the
// toolkit's own PKI code) and copied into every org: generating thousands of key pairs would
// dominate the set-up time and tell nothing about the code being measured. Everything else is
// distinct per org: ids, MSP IDs, domains, admins.
//
// Shape: orgs org-0001..; consenters orderer0 of the first min(5, orgs) orgs; channel i has up to
// 10 members taken round-robin from the orgs, with one anchor peer each; chaincode j is defined on
// channel j mod channels, endorsed by OutOf(2, ...) of its channel's first three members, with
// a private data collection between the first two, installed on every member.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateOrgPki } from '../tools/src/pki/generate-org-pki.ts';
import { channelYaml, consortiumYaml } from './consortium-yaml.ts';

export interface GenerateConsortiumOptions {
  /** Directory to write into (created if missing; should be empty). */
  readonly dir: string;
  readonly orgs: number;
  readonly channels: number;
  /** Total chaincode definitions, spread over the channels. */
  readonly chaincodes: number;
  /** Members per channel (default 10, at most `orgs`). */
  readonly membersPerChannel?: number;
  /**
   * Channels draw their members from the first this many orgs (default: all); the others belong to
   * no channel. Holds every channel the same while the number of members grows.
   */
  readonly channelOrgs?: number;
  /** Clock for certificate validity (default: now). */
  readonly now?: Date;
}

export interface GeneratedConsortium {
  readonly dir: string;
  readonly orgIds: readonly string[];
  readonly channelNames: readonly string[];
  /** Number of files written. */
  readonly files: number;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function orgIdOf(i: number): string {
  return `org-${pad(i + 1, 4)}`;
}

function mspIdOf(i: number): string {
  return `Org${pad(i + 1, 4)}MSP`;
}

function orgYaml(i: number, withOrderer: boolean): string {
  const id = orgIdOf(i);
  return `# yaml-language-server: $schema=../../schemas/organization.schema.json
apiVersion: consortium.gitops/v1alpha1
kind: Organization
id: ${id}
mspId: ${mspIdOf(i)}
displayName: Benchmark Member ${i + 1}
region: region-${i % 7}
domain: ${id}.bench.example
admins:
  - github: ${id}-admin-a
    githubId: ${1_000_000 + 2 * i}
  - github: ${id}-admin-b
    githubId: ${1_000_001 + 2 * i}
msp:
  caCert: msp/ca.pem
  tlsCaCert: msp/tlsca.pem
  adminCerts:
    - msp/admin.pem
cluster:
  name: ${id}-cluster
  namespace: fabric-${id}
  storageClass: premium-rwo
  ingress:
    className: nginx
    domain: fabric.${id}.bench.example
peers:
  - name: peer0
    stateDb: couchdb
    storage: 100Gi
  - name: peer1
    stateDb: leveldb
    storage: 100Gi
orderers:${withOrderer ? '\n  - name: orderer0\n    storage: 50Gi' : ' []'}
ca:
  storage: 2Gi
`;
}

function chaincodeYaml(name: string, members: readonly number[]): string {
  const endorsers = members.slice(0, 3).map((i) => `'${mspIdOf(i)}.peer'`);
  const pair = members.slice(0, 2).map((i) => `'${mspIdOf(i)}.member'`);
  const threshold = Math.min(2, endorsers.length);
  return `# yaml-language-server: $schema=../../../schemas/chaincode.schema.json
apiVersion: consortium.gitops/v1alpha1
kind: Chaincode
name: ${name}
version: 1.0.0
sequence: 1
image: ghcr.io/bench/${name}:1.0.0
endorsementPolicy: "OutOf(${threshold}, ${endorsers.join(', ')})"
initRequired: false
collections:
  - name: private-${name}
    policy: "OR(${pair.join(', ')})"
    requiredPeerCount: 0
    maxPeerCount: 1
    blockToLive: 0
    memberOnlyRead: true
    memberOnlyWrite: true
installedOn:
${members.map((i) => `  - ${orgIdOf(i)}`).join('\n')}
`;
}

/** Writes files a bounded number at a time (thousands of concurrent writes exhaust descriptors). */
async function writeAll(files: readonly (readonly [string, string])[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const entry = files[i];
      if (entry !== undefined) await writeFile(entry[0], entry[1]);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

export async function generateConsortium(options: GenerateConsortiumOptions): Promise<GeneratedConsortium> {
  const { dir, orgs, channels, chaincodes } = options;
  if (orgs < 1 || channels < 1 || chaincodes < 0) throw new RangeError('need at least one org and one channel');
  const channelOrgs = Math.min(options.channelOrgs ?? orgs, orgs);
  const membersPerChannel = Math.min(options.membersPerChannel ?? 10, channelOrgs);
  const pki = await generateOrgPki({
    orgId: 'bench',
    mspId: 'BenchMSP',
    domain: 'bench.example',
    validity: { days: 3650 },
    now: options.now ?? new Date(),
  });

  const files: [string, string][] = [];
  const dirs = new Set<string>([join(dir, 'consortium')]);
  const orgIds = Array.from({ length: orgs }, (_, i) => orgIdOf(i));
  const consenters = orgIds.slice(0, Math.min(5, orgs));
  files.push([
    join(dir, 'consortium', 'consortium.yaml'),
    consortiumYaml({ name: 'bench-consortium', displayName: 'Benchmark Consortium', consenters }),
  ]);
  orgIds.forEach((id, i) => {
    const orgDir = join(dir, 'orgs', id);
    dirs.add(join(orgDir, 'msp'));
    files.push([join(orgDir, 'org.yaml'), orgYaml(i, i < consenters.length)]);
    files.push([join(orgDir, 'msp', 'ca.pem'), pki.certificates.ca]);
    files.push([join(orgDir, 'msp', 'tlsca.pem'), pki.certificates.tlsCa]);
    files.push([join(orgDir, 'msp', 'admin.pem'), pki.certificates.admin]);
    files.push([join(orgDir, 'msp', 'config.yaml'), pki.nodeOusConfig]);
  });

  const channelNames: string[] = [];
  const channelMembers: number[][] = [];
  for (let c = 0; c < channels; c++) {
    const name = `channel-${pad(c + 1, 4)}`;
    const start = (c * membersPerChannel) % channelOrgs;
    const members = Array.from({ length: membersPerChannel }, (_, k) => (start + k) % channelOrgs);
    channelNames.push(name);
    channelMembers.push(members);
    dirs.add(join(dir, 'channels', name, 'chaincodes'));
    files.push([join(dir, 'channels', name, 'channel.yaml'), channelYaml(name, members.map(orgIdOf))]);
  }
  for (let j = 0; j < chaincodes; j++) {
    const c = j % channels;
    const name = `cc-${pad(Math.floor(j / channels) + 1, 4)}`;
    const members = channelMembers[c] ?? [];
    files.push([
      join(dir, 'channels', channelNames[c] ?? '', 'chaincodes', `${name}.yaml`),
      chaincodeYaml(name, members),
    ]);
  }

  for (const d of dirs) await mkdir(d, { recursive: true });
  await writeAll(files);
  return { dir, orgIds, channelNames, files: files.length };
}
