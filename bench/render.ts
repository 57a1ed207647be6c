// npm run bench:render — how render scales, against its targets and a baseline measured in the same run.
//
// The consortium is the validate benchmark's (bench/generate-consortium.ts: 1,000 orgs, 300
// channels, 3,000 chaincodes), written to a temporary directory and loaded like a real repository;
// loading and validation are not timed (bench:validate measures them).
//
// 1. One member: what `consortium render --org org-0001 --out DIR` does after validation (render
//    that member, check volume sizes against DIR, write DIR/org-0001/ atomically), timed to the
//    files on disk. org-0001 is a consenter, so it renders a join Job per channel of the consortium.
//    Targets: <= 1 s and <= 5 MB, independent of the number of members: shown again on a consortium
//    of 2,000 members whose channels are the same 300 (drawn from the first 1,000 members, so
//    org-0001 belongs to the same channels), where the member's output must not grow.
// 2. Every member, in memory: objects per second (target >= 20,000), and the time of the baseline,
//    a plain js-yaml dump of the same objects (target: render within 3x of it).
//
// Wall time is the figure the targets are about; CPU time is printed beside it because the
// machine may be shared, and it is the steadier figure.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { writeRenderedModel } from '../tools/src/commands/render.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import type { ConsortiumModel } from '../tools/src/model/types.ts';
import { buildContexts } from '../tools/src/render/context.ts';
import { renderConsortium, renderMemberObjects, renderMembers } from '../tools/src/render/render-consortium.ts';
import { DUMP_OPTIONS } from '../tools/src/render/yaml-dump.ts';
import { generateConsortium, type GenerateConsortiumOptions } from './generate-consortium.ts';

type Shape = Omit<GenerateConsortiumOptions, 'dir'>;

const benchmark: Shape = { orgs: 1000, channels: 300, chaincodes: 3000 };
const doubled: Shape = { ...benchmark, orgs: 2000, channelOrgs: 1000 };
const member = 'org-0001';
const targets = { memberSeconds: 1, memberBytes: 5_000_000, objectsPerSecond: 20_000, dumpRatio: 3 };

async function generatedModel(shape: Shape): Promise<ConsortiumModel> {
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

interface Timing {
  readonly ms: number;
  /** CPU time of this process (user + system). */
  readonly cpuMs: number;
}

async function timed<T>(work: () => T | Promise<T>): Promise<Timing & { readonly value: T }> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const value = await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, value };
}

async function directoryBytes(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

interface MemberRender extends Timing {
  readonly objects: number;
  readonly files: number;
  readonly bytes: number;
}

/** `render --org` after validation, to the files on disk; the median of three runs after a warm-up. */
async function renderOneMember(model: ConsortiumModel): Promise<MemberRender> {
  const out = await mkdtemp(join(tmpdir(), 'bench-render-out-'));
  try {
    const once = () => timed(() => writeRenderedModel({ model, outDir: out, orgs: [member] }));
    await once();
    const runs = [await once(), await once(), await once()].sort((a, b) => a.ms - b.ms);
    const median = runs[1] ?? runs[0];
    if (median === undefined) throw new Error('no run');
    const { files, bytes } = await directoryBytes(join(out, member));
    return { ms: median.ms, cpuMs: median.cpuMs, objects: median.value.members[0]?.objects ?? 0, files, bytes };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
const describe = (shape: Shape) =>
  `${shape.orgs} orgs, ${shape.channels} channels, ${shape.chaincodes} chaincodes` +
  (shape.channelOrgs === undefined ? '' : ` (channels drawn from the first ${shape.channelOrgs} orgs)`);

// The larger consortium first, and let go of it before the benchmark's is loaded, so that neither
// member render runs beside the other's model in memory.
const other = await renderOneMember(await generatedModel(doubled));
const model = await generatedModel(benchmark);
const one = await renderOneMember(model);
console.log(`consortium: bench/generate-consortium.ts, ${describe(benchmark)}`);
console.log(
  `render --org ${member}: ${seconds(one.ms)} wall (${seconds(one.cpuMs)} CPU), ${one.objects} objects, ` +
    `${one.files} files, ${mb(one.bytes)}; ` +
    `target <= ${targets.memberSeconds} s: ${ratio(one.ms, targets.memberSeconds * 1000)}, ` +
    `<= ${mb(targets.memberBytes)}: ${ratio(one.bytes, targets.memberBytes)}`,
);
console.log(
  `render --org ${member} with ${describe(doubled)}: ${seconds(other.ms)} wall (${seconds(other.cpuMs)} CPU), ` +
    `${other.objects} objects, ${mb(other.bytes)}; ` +
    `${doubled.orgs} / ${benchmark.orgs} members: ${ratio(other.ms, one.ms)} wall, ${ratio(other.cpuMs, one.cpuMs)} CPU, ` +
    `${ratio(other.bytes, one.bytes)} bytes`,
);

renderConsortium(model, { orgs: ['org-0002', 'org-0500'] }); // warm-up of the full render's code paths
const full = await timed(() => {
  let objects = 0;
  let bytes = 0;
  for (const rendered of renderMembers(model)) {
    objects += rendered.objectCount;
    for (const file of rendered.files) bytes += file.content.length;
  }
  return { objects, bytes };
});
const fullRate = perSecond(full.value.objects, full.ms);
console.log(
  `full render: ${full.value.objects} objects (${mb(full.value.bytes)}) in ${seconds(full.ms)} wall ` +
    `(${seconds(full.cpuMs)} CPU): ${fullRate} objects/s (${perSecond(full.value.objects, full.cpuMs)} per CPU second); ` +
    `target >= ${targets.objectsPerSecond}: ${ratio(fullRate, targets.objectsPerSecond)}`,
);

// Member by member, like the render, so that both hold one member's objects at a time; only the
// dump is timed.
if (model.consortium === undefined) throw new Error('the generated consortium has no consortium.yaml');
let baselineObjects = 0;
let baselineMs = 0;
let baselineCpuMs = 0;
for (const ctx of buildContexts(model, model.consortium)) {
  const objects = renderMemberObjects(ctx);
  const dumped = await timed(() => {
    for (const object of objects) dump(object, DUMP_OPTIONS);
  });
  baselineObjects += objects.length;
  baselineMs += dumped.ms;
  baselineCpuMs += dumped.cpuMs;
}
console.log(
  `baseline, js-yaml dump of the same ${baselineObjects} objects: ${seconds(baselineMs)} wall (${seconds(baselineCpuMs)} CPU); ` +
    `render / dump: ${ratio(full.ms, baselineMs)} wall, ${ratio(full.cpuMs, baselineCpuMs)} CPU; target <= ${targets.dumpRatio}x`,
);
