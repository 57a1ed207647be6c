// npm run bench:policy — time for each hostile policy input to end in a result or an error.
// Baseline, measured in the same run: V8's JSON.parse on input of the same shape and size
// (nested arrays for nested gates, one long string for the long principal), a tuned native
// parser that also does not recurse; the ratio shows what our parser costs relative to it.
import { evaluateSignaturePolicy, parseSignaturePolicy } from '../tools/src/fabric/policy/index.ts';

const DEPTH = 300_000;
const BIG = 5_000_000;

interface Case {
  readonly name: string;
  readonly input: string;
  readonly baseline: string;
  readonly evaluate?: boolean;
}

const cases: Case[] = [
  {
    name: `nested ${DEPTH.toLocaleString('en')} levels`,
    input: 'OR('.repeat(DEPTH) + "'A.member'" + ')'.repeat(DEPTH),
    baseline: '['.repeat(DEPTH) + '"A.member"' + ']'.repeat(DEPTH),
    evaluate: true,
  },
  {
    name: `unclosed ${DEPTH.toLocaleString('en')} levels`,
    input: 'AND('.repeat(DEPTH) + "'A.member'",
    baseline: '['.repeat(DEPTH) + '"A.member"' + ']'.repeat(DEPTH),
  },
  { name: '5 MB principal', input: `OR('${'A'.repeat(BIG)}.member')`, baseline: `["${'A'.repeat(BIG)}.member"]` },
  { name: '5 MB unclosed string', input: `OR('${'A'.repeat(BIG)}`, baseline: `["${'A'.repeat(BIG)}"]` },
  {
    name: '100k trailing commas',
    input: `AND(${"'A.member',".repeat(100_000)})`,
    baseline: `[${'"A.member",'.repeat(100_000)}"x"]`,
  },
  { name: 'unknown gate, 5 MB name', input: `${'X'.repeat(BIG)}('A.member')`, baseline: `["${'X'.repeat(BIG)}"]` },
];

function bestOf(runs: number, work: () => void): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

let worst = 0;
for (const c of cases) {
  let outcome = '';
  const ms = bestOf(3, () => {
    const parsed = parseSignaturePolicy(c.input);
    outcome = parsed.ok ? 'result' : `error at ${parsed.error.offset}`;
  });
  const baseMs = bestOf(3, () => JSON.parse(c.baseline) as unknown);
  worst = Math.max(worst, ms);
  console.log(
    `parse ${c.name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms  (JSON.parse ${baseMs.toFixed(1).padStart(7)} ms, ratio ${(ms / baseMs).toFixed(1)}x)  ${outcome}`,
  );
  const parsed = parseSignaturePolicy(c.input);
  if (parsed.ok && c.evaluate === true) {
    let description = '';
    const evalMs = bestOf(3, () => {
      description = evaluateSignaturePolicy(parsed.envelope, []).description;
    });
    worst = Math.max(worst, evalMs);
    console.log(`eval  ${c.name.padEnd(28)} ${evalMs.toFixed(1).padStart(8)} ms  ${description}`);
  }
}
console.log(`slowest hostile input: ${worst.toFixed(1)} ms (${worst < 1000 ? 'under' : 'OVER'} one second)`);
