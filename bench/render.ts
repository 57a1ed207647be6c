// npm run bench:render — render a 1,000-org consortium: wall time, objects rendered, objects/s.
// The consortium is the validate benchmark's (bench/generate-consortium.ts: 1,000 orgs, 300
// channels, 3,000 chaincodes), written to a temporary directory and loaded like a real repository;
// loading is not timed. Baseline in the same run: a consortium a hundredth of that size (10 orgs,
// 3 channels, 30 chaincodes). The ratio of objects/s (large / small) stays near 1 when rendering
// scales linearly with the size of the consortium. CPU time is printed beside wall time because
// the machine may be shared: it is the steadier figure.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import type { ConsortiumModel } from '../tools/src/model/types.ts';
import { renderConsortium } from '../tools/src/render/render-consortium.ts';
import { generateConsortium } from './generate-consortium.ts';

interface Size {
  readonly orgs: number;
  readonly channels: number;
  readonly chaincodes: number;
}

const size: Size = { orgs: 1000, channels: 300, chaincodes: 3000 };
const baselineSize: Size = { orgs: 10, channels: 3, chaincodes: 30 };

async function generatedModel(shape: Size): Promise<ConsortiumModel> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-render-'));
  try {
    await generateConsortium({ dir, ...shape });
    const { model, diagnostics } = await loadRepository(createFilesystemReader(dir));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0)
      throw new Error(`generated consortium does not load: ${errors[0]?.file ?? ''} ${errors[0]?.message ?? ''}`);
    return model;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Measurement {
  readonly orgs: number;
  readonly ms: number;
  /** CPU time of this process (user + system). */
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

const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
const show = (label: string, m: Measurement) =>
  `${label} ${m.orgs} orgs: ${(m.ms / 1000).toFixed(2)} s wall (${(m.cpuMs / 1000).toFixed(2)} s CPU), ` +
  `${m.objects} objects (${m.files} files, ${(m.bytes / 2 ** 20).toFixed(1)} MiB), ` +
  `${perSecond(m.objects, m.ms)} objects/s (${perSecond(m.objects, m.cpuMs)} per CPU second)`;

const small = await generatedModel(baselineSize);
measure(small); // warm-up: JIT and module initialization out of the figures
const baseline = measure(small);
const large = await generatedModel(size);
const result = measure(large);
console.log(
  `consortium: bench/generate-consortium.ts, ${size.orgs} orgs, ${size.channels} channels, ${size.chaincodes} chaincodes`,
);
console.log(show('baseline', baseline));
console.log(show('render  ', result));
console.log(
  `ratio (objects/s, ${size.orgs} orgs / ${baselineSize.orgs} orgs): ` +
    `${(result.objects / result.ms / (baseline.objects / baseline.ms)).toFixed(2)}x wall, ` +
    `${(result.objects / result.cpuMs / (baseline.objects / baseline.cpuMs)).toFixed(2)}x CPU`,
);
