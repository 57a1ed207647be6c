// `npm run bench:yaml`: how fast the loader's first try (model/block-yaml.ts)
// parses the YAML files of the 1,000-org benchmark consortium, against js-yaml's `load` with
// CORE_SCHEMA (what the loader used before, and still uses for whatever block-yaml declines).
//
// Cold: each parser in a fresh process that reads every file once, as a CLI run does (V8 mostly
// interprets that code); the median of several processes, alternating. Warm: the same files
// parsed again and again in one process, the median of several rounds. Files are read before the
// clock starts, so only parsing is measured. Target: block-yaml several times faster than js-yaml.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CORE_SCHEMA, load } from 'js-yaml';
import { parseBlockYaml } from '../tools/src/model/block-yaml.ts';
import { generateConsortium } from './generate-consortium.ts';

const size = { orgs: 1000, channels: 300, chaincodes: 3000 };
const coldProcesses = 5;
const warmRounds = 9;
const target = 3;

type ParserName = 'js-yaml' | 'block-yaml';

const parsers: Readonly<Record<ParserName, (text: string) => unknown>> = {
  'js-yaml': (text) => load(text, { schema: CORE_SCHEMA }),
  'block-yaml': (text) => parseBlockYaml(text)?.value,
};

async function readYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.yaml')).map((e) => join(e.parentPath, e.name));
  files.sort();
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}

/** Milliseconds to parse every text once. */
function parseAll(parse: (text: string) => unknown, texts: readonly string[]): number {
  const started = performance.now();
  for (const text of texts) parse(text);
  return performance.now() - started;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** In a child process: parse every file once with one parser and print the milliseconds. */
async function child(name: ParserName, dir: string): Promise<void> {
  const texts = await readYamlFiles(dir);
  console.log(String(parseAll(parsers[name], texts)));
}

function coldRun(name: ParserName, dir: string): number {
  const output = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--child', name, dir], {
    encoding: 'utf8',
  });
  return Number(output.trim());
}

async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-yaml-parse-'));
  try {
    await generateConsortium({ dir, ...size });
    const texts = await readYamlFiles(dir);
    const bytes = texts.reduce((sum, text) => sum + text.length, 0);
    const declined = texts.filter((text) => parseBlockYaml(text) === undefined).length;
    console.log(
      `${texts.length} YAML files, ${(bytes / 1024 / 1024).toFixed(1)} MB, of ${size.orgs} orgs, ${size.channels} channels, ` +
        `${size.chaincodes} chaincodes; block-yaml declines ${declined}`,
    );

    const cold: Record<ParserName, number[]> = { 'js-yaml': [], 'block-yaml': [] };
    for (let i = 0; i < coldProcesses; i++) {
      for (const name of ['js-yaml', 'block-yaml'] as const) cold[name].push(coldRun(name, dir));
    }
    const warm: Record<ParserName, number[]> = { 'js-yaml': [], 'block-yaml': [] };
    for (const name of ['js-yaml', 'block-yaml'] as const) parseAll(parsers[name], texts);
    for (let i = 0; i < warmRounds; i++) {
      for (const name of ['js-yaml', 'block-yaml'] as const) warm[name].push(parseAll(parsers[name], texts));
    }

    for (const [label, figures, count] of [
      ['cold (one pass in a fresh process)', cold, coldProcesses],
      ['warm (one pass after others)     ', warm, warmRounds],
    ] as const) {
      const baseline = median(figures['js-yaml']);
      const fast = median(figures['block-yaml']);
      const ratio = baseline / fast;
      console.log(
        `${label}: js-yaml ${ms(baseline)}, block-yaml ${ms(fast)} (medians of ${count}): ` +
          `${ratio.toFixed(1)}x faster (target >= ${target}x: ${ratio >= target ? 'met' : 'NOT met'})`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const childAt = process.argv.indexOf('--child');
if (childAt !== -1) await child(process.argv[childAt + 1] as ParserName, process.argv[childAt + 2] ?? '');
else await run();
