// npm run bench:render — render a 1,000-org consortium: wall time, objects rendered, objects/s.
// Baseline in the same run: a 10-org consortium of the same shape. The ratio of objects/s (large /
// small) stays near 1 when rendering scales linearly with the number of members.
//
// The consortium comes from bench/generate-consortium.ts (the validate benchmark's generator,
// written to a temporary directory and loaded like a real repository) when that exists, else it is
// built in memory with the same shape: channels of ten members each, one chaincode per channel
// installed on every member, five Raft consenters.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import type { Channel, ConsortiumModel, Organization, RepoFile } from '../tools/src/model/types.ts';
import { renderConsortium } from '../tools/src/render/render-consortium.ts';
import { generateOrgCertificates } from '../test/support/test-certificates.ts';

const CHANNEL_SIZE = 10;

interface Shape {
  readonly orgs: number;
  readonly channels: number;
  readonly chaincodes: number;
}

type Generator = (options: { dir: string; orgs: number; channels: number; chaincodes: number }) => Promise<unknown>;

async function loadGenerator(): Promise<Generator | undefined> {
  const path = join(dirname(fileURLToPath(import.meta.url)), 'generate-consortium.ts');
  if (!existsSync(path)) return undefined;
  const module = (await import(path)) as { generateConsortium?: Generator };
  return module.generateConsortium;
}

async function generatedModel(generate: Generator, shape: Shape): Promise<ConsortiumModel> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-render-'));
  try {
    await generate({ dir, ...shape });
    const { model, diagnostics } = await loadRepository(createFilesystemReader(dir));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`generated consortium does not load: ${errors[0]?.message ?? ''}`);
    return model;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function inMemoryModel(shape: Shape): Promise<ConsortiumModel> {
  const certs = await generateOrgCertificates({ name: 'bench' });
  const files: RepoFile[] = [];
  const orgs: Organization[] = [];
  for (let i = 0; i < shape.orgs; i++) {
    const id = `org${String(i).padStart(4, '0')}`;
    const msp = { caCert: `orgs/${id}/msp/ca.pem`, tlsCaCert: `orgs/${id}/msp/tlsca.pem`, adminCerts: [] };
    files.push(
      { path: msp.caCert, size: certs.caCert.length, text: certs.caCert },
      { path: msp.tlsCaCert, size: certs.tlsCaCert.length, text: certs.tlsCaCert },
    );
    orgs.push({
      id,
      mspId: `Org${i}MSP`,
      displayName: `Organization ${i}`,
      region: 'eu',
      domain: `${id}.example`,
      admins: [{ github: `${id}-admin`, githubId: 10_000 + i }],
      msp,
      cluster: {
        name: id,
        namespace: `fabric-${id}`,
        storageClass: 'standard',
        ingress: { className: 'nginx', domain: `fabric.${id}.example` },
      },
      network: { egressCidrs: [`10.${Math.floor(i / 256)}.${i % 256}.0/24`] },
      peers: [
        { name: 'peer0', stateDb: 'couchdb', storage: '100Gi' },
        { name: 'peer1', stateDb: 'couchdb', storage: '100Gi' },
      ],
      orderers: i < 5 ? [{ name: 'orderer0', storage: '50Gi' }] : [],
      ca: { storage: '2Gi' },
      source: { file: `orgs/${id}/org.yaml`, positions: {} },
    });
  }
  const channels: Channel[] = [];
  for (let c = 0; c < shape.channels; c++) {
    const name = `channel${String(c).padStart(3, '0')}`;
    const members = Array.from(
      { length: CHANNEL_SIZE },
      (_, k) => orgs[(c * CHANNEL_SIZE + k) % orgs.length]?.id ?? '',
    ).filter((v, k, all) => all.indexOf(v) === k);
    const chaincodes = Array.from({ length: shape.chaincodes }, (_, k) => ({
      name: `cc${k}`,
      channel: name,
      version: '1.0.0',
      sequence: 1,
      image: `registry.example/cc${k}:1.0.0`,
      endorsementPolicy: undefined,
      initRequired: false,
      collections: [],
      installedOn: members,
      source: { file: `channels/${name}/chaincodes/cc${k}.yaml`, positions: {} },
    }));
    channels.push({
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
      chaincodes,
      source: { file: `channels/${name}/channel.yaml`, positions: {} },
    });
  }
  return {
    consortium: {
      name: 'bench',
      displayName: 'Benchmark',
      fabric: {
        version: '2.5.12',
        images: { peer: 'p', orderer: 'o', ca: 'c', tools: 't', couchdb: 'couchdb' },
      },
      ordering: {
        type: 'etcdraft',
        consenters: orgs.filter((o) => o.orderers.length > 0).map((o) => ({ org: o.id, orderer: 'orderer0' })),
        batch: { timeout: '2s', maxMessageCount: 500, absoluteMaxBytes: '10 MB', preferredMaxBytes: '2 MB' },
      },
      governance: {
        policies: { Admins: 'MAJORITY Admins', Readers: 'ANY Readers', Writers: 'ANY Writers' },
        rules: {},
        critical: { kinds: [], adminsPerOrg: 2, minimumOpenHours: 24 },
      },
      source: { file: 'consortium/consortium.yaml', positions: {} },
    },
    orgs,
    channels,
    files: files.sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}

interface Measurement {
  readonly orgs: number;
  readonly ms: number;
  /** CPU time of this process (user + system): less sensitive than wall time to a busy machine. */
  readonly cpuMs: number;
  readonly objects: number;
  readonly files: number;
  readonly bytes: number;
}

function measure(model: ConsortiumModel): Measurement {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const members = renderConsortium(model);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  let objects = 0;
  let files = 0;
  let bytes = 0;
  for (const member of members) {
    objects += member.objectCount;
    files += member.files.length;
    for (const file of member.files) bytes += file.content.length;
  }
  return { orgs: members.length, ms, cpuMs: (cpu.user + cpu.system) / 1000, objects, files, bytes };
}

const show = (label: string, m: Measurement) =>
  `${label} ${m.orgs} orgs: ${(m.ms / 1000).toFixed(2)} s wall (${(m.cpuMs / 1000).toFixed(2)} s CPU), ${m.objects} objects (${m.files} files, ${(m.bytes / 2 ** 20).toFixed(1)} MiB), ${Math.round(m.objects / (m.ms / 1000))} objects/s (${Math.round(m.objects / (m.cpuMs / 1000))} per CPU second)`;

const generate = await loadGenerator();
const shapeFor = (orgs: number): Shape => ({
  orgs,
  channels: Math.max(1, Math.round(orgs / CHANNEL_SIZE)),
  chaincodes: 1,
});
const build = (shape: Shape) => (generate === undefined ? inMemoryModel(shape) : generatedModel(generate, shape));
console.log(`consortium source: ${generate === undefined ? 'built in memory' : 'bench/generate-consortium.ts'}`);

const small = await build(shapeFor(10));
measure(small); // warm-up: JIT and module initialization out of the figures
const baseline = measure(small);
const large = await build(shapeFor(1000));
const result = measure(large);
console.log(show('baseline', baseline));
console.log(show('render  ', result));
console.log(
  `ratio (objects/s, 1,000 orgs / 10 orgs): ${(result.objects / result.ms / (baseline.objects / baseline.ms)).toFixed(2)}x wall, ` +
    `${(result.objects / result.cpuMs / (baseline.objects / baseline.cpuMs)).toFixed(2)}x CPU`,
);
