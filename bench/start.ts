// npm run bench:start — what a command pays before it does anything: `consortium --version` and
// `consortium render --help` as processes of their own, from spawn to exit, run through tsx (the
// baseline: CONSORTIUM_CLI_COMPILED=0) and from the compiled toolkit (tools/bin/compiled-cli.mjs),
// median of several runs each, with the ratio. Beside them the floor (`node -e 0`), the cost of
// the fingerprint every command computes, and the build a command pays once after the sources
// change. Uses this clone's compiled toolkit (building it first when it is missing or stale).
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCompiledToolkit } from '../tools/bin/build-compiled-cli.mjs';
import { compiledToolkitName, installedEsbuildVersion } from '../tools/bin/compiled-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const cli = join(root, 'tools/bin/consortium.mjs');
const cpuReporter = new URL('./process-cpu.mjs', import.meta.url).href;
const runs = 9;

interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

async function runProcess(args: readonly string[], env: Record<string, string> = {}): Promise<Timing> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-start-'));
  const cpuFile = join(dir, 'cpu');
  try {
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', cpuReporter, ...args], {
      env: { ...process.env, ...env, BENCH_CPU_FILE: cpuFile },
      encoding: 'utf8',
    });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} failed (${run.status}): ${run.stderr}`);
    return { ms, cpuMs: Number(await readFile(cpuFile, 'utf8')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median by wall time of `runs` runs after one warm-up (tsx's transform cache, the page cache). */
async function median(args: readonly string[], env: Record<string, string> = {}): Promise<Timing> {
  await runProcess(args, env);
  const timings: Timing[] = [];
  for (let i = 0; i < runs; i++) timings.push(await runProcess(args, env));
  const middle = timings.sort((a, b) => a.ms - b.ms)[Math.floor(runs / 2)];
  if (middle === undefined) throw new Error('no run');
  return middle;
}

const seconds = (t: Timing) => `${(t.ms / 1000).toFixed(3)} s wall, ${(t.cpuMs / 1000).toFixed(3)} s CPU`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

console.log(`load average at start: ${load()} (1, 5, 15 min); median of ${runs} runs each`);

// The compiled toolkit must be current, or the "compiled" figures would be tsx's.
const check = spawnSync(process.execPath, [cli, '--version', '--debug'], { encoding: 'utf8' });
if (!/running the compiled toolkit/.test(check.stderr)) {
  console.error(`the compiled toolkit is not in use, nothing to compare:\n${check.stderr}`);
  process.exit(1);
}

const esbuildVersion = installedEsbuildVersion(root);
const fingerprintMs: number[] = [];
for (let i = 0; i < 20; i++) {
  const started = performance.now();
  compiledToolkitName({ root, esbuildVersion });
  fingerprintMs.push(performance.now() - started);
}
fingerprintMs.sort((a, b) => a - b);
const median20 = (fingerprintMs[10] ?? 0).toFixed(1);
const slowest = (fingerprintMs.at(-1) ?? 0).toFixed(1);
console.log(`fingerprint of the sources (every command): ${median20} ms median, ${slowest} ms slowest (cold)`);

const buildDir = await mkdtemp(join(tmpdir(), 'bench-start-build-'));
try {
  if (esbuildVersion === undefined) throw new Error('esbuild is not installed');
  const name = compiledToolkitName({ root, esbuildVersion });
  const build = await buildCompiledToolkit({ root, cacheDir: buildDir, name, esbuildVersion });
  if (!build.built) throw new Error(build.reason);
  console.log(`build of the compiled toolkit (once per change of the sources): ${(build.ms / 1000).toFixed(3)} s`);
} finally {
  await rm(buildDir, { recursive: true, force: true });
}

const floor = await median(['-e', '0']);
console.log(`node -e 0 (the floor of any process): ${seconds(floor)}`);
for (const args of [['--version'], ['render', '--help']]) {
  const tsx = await median([cli, ...args], { CONSORTIUM_CLI_COMPILED: '0' });
  const compiled = await median([cli, ...args]);
  console.log(`consortium ${args.join(' ')}`);
  console.log(`  through tsx (baseline): ${seconds(tsx)}`);
  console.log(`  compiled:               ${seconds(compiled)}`);
  console.log(
    `  compiled / tsx:         ${ratio(compiled.ms, tsx.ms)} wall, ${ratio(compiled.cpuMs, tsx.cpuMs)} CPU` +
      ` (${Math.round(tsx.ms - compiled.ms)} ms less)`,
  );
}
console.log(`load average at end: ${load()}`);
