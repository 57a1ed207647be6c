// `npm run bench:validate`: how long `consortium validate` takes on a large consortium (1,000 orgs,
// 300 channels, 3,000 chaincode definitions), against the floor of merely reading and parsing the
// same YAML files with js-yaml. Target: validate within 2x of read-and-parse.
//
// Both are measured in the same process on the same files, warm (one untimed round first, so the
// page cache and the JIT favour neither), alternating, and the median of several rounds is kept.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { load } from 'js-yaml';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { validateModel, validateRepository } from '../tools/src/commands/validate.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import { generateConsortium } from './generate-consortium.ts';

const size = { orgs: 1000, channels: 300, chaincodes: 3000 };
const rounds = 7;
const target = 2;

async function listYamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.yaml')).map((e) => join(e.parentPath, e.name));
}

/** The baseline: find, read and parse every YAML file, nothing else. */
async function readAndParse(dir: string): Promise<number> {
  const files = await listYamlFiles(dir);
  let documents = 0;
  await Promise.all(
    Array.from({ length: 32 }, async (_, worker) => {
      for (let i = worker; i < files.length; i += 32) {
        load(await readFile(files[i] ?? '', 'utf8'));
        documents++;
      }
    }),
  );
  return documents;
}

/** What `consortium validate` does in-process: load the repository and run every rule. */
async function validateEndToEnd(dir: string, now: Date) {
  return validateRepository({ reader: createFilesystemReader(dir), now });
}

/** The same work split in its two phases, to show where the time goes. */
async function validateInPhases(dir: string, now: Date) {
  const started = performance.now();
  const loaded = await loadRepository(createFilesystemReader(dir));
  const loadedAt = performance.now();
  validateModel({ model: loaded.model, now, loadDiagnostics: loaded.diagnostics });
  return { loadMs: loadedAt - started, rulesMs: performance.now() - loadedAt };
}

/** Starts each measurement on a collected heap (when run with --expose-gc), so neither side pays for the other's garbage. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const ms = (n: number) => `${n.toFixed(0)} ms`;

async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-validate-'));
  try {
    const now = new Date();
    const generatedAt = performance.now();
    const generated = await generateConsortium({ dir, ...size, now });
    console.log(
      `generated ${size.orgs} orgs, ${size.channels} channels, ${size.chaincodes} chaincodes: ` +
        `${generated.files} files in ${ms(performance.now() - generatedAt)} (${dir})`,
    );

    const documents = await readAndParse(dir);
    const warm = await validateEndToEnd(dir, now);
    const errors = warm.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      console.error(`the generated consortium does not validate (${errors.length} errors), first:`, errors[0]);
      process.exitCode = 1;
      return;
    }

    const baseline: number[] = [];
    const validate: number[] = [];
    const load: number[] = [];
    const rules: number[] = [];
    for (let round = 0; round < rounds; round++) {
      collectGarbage();
      let t = performance.now();
      await readAndParse(dir);
      baseline.push(performance.now() - t);
      collectGarbage();
      t = performance.now();
      await validateEndToEnd(dir, now);
      validate.push(performance.now() - t);
      collectGarbage();
      const phases = await validateInPhases(dir, now);
      load.push(phases.loadMs);
      rules.push(phases.rulesMs);
    }

    const ratio = median(validate) / median(baseline);
    console.log(
      `read and parse ${documents} YAML files (js-yaml): ${ms(median(baseline))}  (median of ${rounds}; fastest ${ms(Math.min(...baseline))})`,
    );
    console.log(
      `consortium validate, end to end:     ${ms(median(validate))}  (fastest ${ms(Math.min(...validate))}; phases measured apart: load ${ms(median(load))}, rules ${ms(median(rules))}; ` +
        `${warm.diagnostics.length} diagnostics)`,
    );
    console.log(`ratio: ${ratio.toFixed(2)}x  (target <= ${target}x: ${ratio <= target ? 'met' : 'NOT met'})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await run();
