// npm run bench:render — how render scales, against its targets and a baseline measured in the same run.
//
// The consortium is the validate benchmark's (bench/generate-consortium.ts: 1,000 orgs, 300
// channels, 3,000 chaincodes), written to a temporary directory.
//
// 1. One member, as its scheduled job runs it: `consortium render --org org-0001 --out DIR` as a
//    process of its own, from start to exit (Node and the TypeScript loader starting, loading the
//    member's scope of the repository (docs/render.md, "Member-scoped render"), rendering,
//    writing DIR/org-0001/). Target <= 1 s and <= 5 MB. Beside it the floor of any command,
//    `consortium --version`, and the same render in this process (no Node start, modules loaded),
//    also on a consortium of 2,000 members whose channels are the same 300 (drawn from the first
//    1,000 members, so org-0001 belongs to the same channels), where neither the member's output
//    nor its time may grow. org-0001 runs a consenter, the largest scope: a join Job per channel
//    of the consortium, and the org.yaml of every channel member for its orderers' source ranges.
//    Beside it org-0500, a member without orderers as most members are.
// 2. Every member, in memory: objects per second (target >= 20,000), and the time of the baseline,
//    a plain js-yaml dump of the same objects (target: render within 3x of it).
//
// Wall time is the figure the targets are about; CPU time is printed beside it, and the load
// average of the machine, because the machine may be shared: CPU time is the steadier figure.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump } from 'js-yaml';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { renderRepository } from '../tools/src/commands/render.ts';
import { loadMemberScope } from '../tools/src/model/load-member-scope.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import type { ConsortiumModel } from '../tools/src/model/types.ts';
import { buildContexts } from '../tools/src/render/context.ts';
import { renderConsortium, renderMemberObjects, renderMembers } from '../tools/src/render/render-consortium.ts';
import { DUMP_OPTIONS } from '../tools/src/render/yaml-dump.ts';
import { generateConsortium, type GenerateConsortiumOptions } from './generate-consortium.ts';

type Shape = Omit<GenerateConsortiumOptions, 'dir'>;

const benchmark: Shape = { orgs: 1000, channels: 300, chaincodes: 3000 };
const doubled: Shape = { ...benchmark, orgs: 2000, channelOrgs: 1000 };
const consenter = 'org-0001';
/** A member without orderers, as most are: its scope is its channels and their members. */
const plainMember = 'org-0500';
const targets = { memberSeconds: 1, memberBytes: 5_000_000, objectsPerSecond: 20_000, dumpRatio: 3 };

async function loadModel(dir: string): Promise<ConsortiumModel> {
  const { model, diagnostics } = await loadRepository(createFilesystemReader(dir));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(`generated consortium does not load: ${errors[0]?.file ?? ''} ${errors[0]?.message ?? ''}`);
  return model;
}

async function withConsortium<T>(shape: Shape, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-render-'));
  try {
    await generateConsortium({ dir, ...shape });
    return await work(dir);
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
  /** Repository files the member's scope read, of those listed. */
  readonly read: number;
  readonly listed: number;
}

/** `render --org` in this process, scope loaded to files written; the median of three runs after a warm-up. */
async function renderOneMember(dir: string, member = consenter): Promise<MemberRender> {
  const out = await mkdtemp(join(tmpdir(), 'bench-render-out-'));
  const reader = createFilesystemReader(dir);
  try {
    const once = () => timed(() => renderRepository({ reader, outDir: out, orgs: [member], now: new Date() }));
    await once();
    const runs = [await once(), await once(), await once()].sort((a, b) => a.ms - b.ms);
    const median = runs[1] ?? runs[0];
    if (median === undefined) throw new Error('no run');
    const { files, bytes } = await directoryBytes(join(out, member));
    const read = (await loadMemberScope(reader, [member])).model.files.length;
    const listed = (await reader.listFiles()).length;
    return {
      ms: median.ms,
      cpuMs: median.cpuMs,
      objects: median.value.members[0]?.objects ?? 0,
      files,
      bytes,
      read,
      listed,
    };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const cli = fileURLToPath(new URL('../tools/bin/consortium.mjs', import.meta.url));
const cpuReporter = new URL('./process-cpu.mjs', import.meta.url).href;

/** One run of the CLI as a process of its own: wall time from spawn to exit, and its CPU time. */
async function runCli(args: readonly string[]): Promise<Timing> {
  const cpuFile = join(await mkdtemp(join(tmpdir(), 'bench-cpu-')), 'cpu');
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', cpuReporter, cli, ...args], {
      env: { ...process.env, BENCH_CPU_FILE: cpuFile },
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`consortium ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
    return { ms, cpuMs: Number(await readFile(cpuFile, 'utf8')) };
  } finally {
    await rm(join(cpuFile, '..'), { recursive: true, force: true });
  }
}

/** The median by wall time of `runs` runs after one warm-up (the loader's cache, the page cache). */
async function medianCli(args: readonly string[], runs = 3): Promise<Timing> {
  await runCli(args);
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) timings.push(await runCli(args));
  const median = timings.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)];
  if (median === undefined) throw new Error('no run');
  return median;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000));
const describe = (shape: Shape) =>
  `${shape.orgs} orgs, ${shape.channels} channels, ${shape.chaincodes} chaincodes` +
  (shape.channelOrgs === undefined ? '' : ` (channels drawn from the first ${shape.channelOrgs} orgs)`);

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`load average at start: ${load()} (1, 5, 15 min)`);

// The larger consortium first, and let go of it before the benchmark's is loaded, so that neither
// member render runs beside the other's model in memory.
const other = await withConsortium(doubled, (dir) => renderOneMember(dir));
const { model, one, cliRender, floor, plain, cliPlain } = await withConsortium(benchmark, async (dir) => {
  const out = await mkdtemp(join(tmpdir(), 'bench-render-cli-'));
  try {
    const floor = await medianCli(['--version']);
    const cliRender = await medianCli(['render', '--repo', dir, '--org', consenter, '--out', out]);
    const one = await renderOneMember(dir);
    const cliPlain = await medianCli(['render', '--repo', dir, '--org', plainMember, '--out', out]);
    const plain = await renderOneMember(dir, plainMember);
    return { model: await loadModel(dir), one, cliRender, floor, plain, cliPlain };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
console.log(`consortium: bench/generate-consortium.ts, ${describe(benchmark)}`);
console.log(
  `consortium render --org ${consenter} (process, start to exit): ${seconds(cliRender.ms)} wall (${seconds(cliRender.cpuMs)} CPU); ` +
    `target <= ${targets.memberSeconds} s: ${ratio(cliRender.ms, targets.memberSeconds * 1000)} wall, ` +
    `${ratio(cliRender.cpuMs, targets.memberSeconds * 1000)} CPU; ` +
    `floor, consortium --version: ${seconds(floor.ms)} wall (${seconds(floor.cpuMs)} CPU)`,
);
console.log(
  `  in process (no Node start): ${seconds(one.ms)} wall (${seconds(one.cpuMs)} CPU), read ${one.read} of ${one.listed} files, ` +
    `${one.objects} objects, ${one.files} files, ${mb(one.bytes)}; ` +
    `target <= ${mb(targets.memberBytes)}: ${ratio(one.bytes, targets.memberBytes)}`,
);
console.log(
  `consortium render --org ${plainMember}, a member without orderers (process): ${seconds(cliPlain.ms)} wall (${seconds(cliPlain.cpuMs)} CPU); ` +
    `target <= ${targets.memberSeconds} s: ${ratio(cliPlain.ms, targets.memberSeconds * 1000)} wall, ` +
    `${ratio(cliPlain.cpuMs, targets.memberSeconds * 1000)} CPU; in process ${seconds(plain.ms)} wall (${seconds(plain.cpuMs)} CPU), ` +
    `read ${plain.read} of ${plain.listed} files, ${plain.objects} objects, ${mb(plain.bytes)}`,
);
console.log(
  `  ${consenter} with ${describe(doubled)}: ${seconds(other.ms)} wall (${seconds(other.cpuMs)} CPU), read ${other.read} of ${other.listed} files, ` +
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
    `target >= ${targets.objectsPerSecond}: ${ratio(fullRate, targets.objectsPerSecond)} wall, ` +
    `${ratio(perSecond(full.value.objects, full.cpuMs), targets.objectsPerSecond)} CPU`,
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
console.log(`load average at end: ${load()}`);
