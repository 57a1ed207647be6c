// npm run bench:policy — time for each hostile policy input to end in a result or an error.
// Baseline, measured in the same run: V8's JSON.parse on input of the same shape and size
// (nested arrays for nested gates, one long string for the long principal), a tuned native
// parser that also does not recurse; the ratio shows what our parser costs relative to it.
import { cpus, loadavg } from 'node:os';
import { evaluateSignaturePolicy, MAX_POLICY_DEPTH, parseSignaturePolicy } from '../tools/src/fabric/policy/index.ts';

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
    name: `nested ${MAX_POLICY_DEPTH.toLocaleString('en')} levels (deepest)`,
    input: 'OR('.repeat(MAX_POLICY_DEPTH) + "'A.member'" + ')'.repeat(MAX_POLICY_DEPTH),
    baseline: '['.repeat(MAX_POLICY_DEPTH) + '"A.member"' + ']'.repeat(MAX_POLICY_DEPTH),
    evaluate: true,
  },
  {
    name: `nested ${DEPTH.toLocaleString('en')} levels`,
    input: 'OR('.repeat(DEPTH) + "'A.member'" + ')'.repeat(DEPTH),
    baseline: '['.repeat(DEPTH) + '"A.member"' + ']'.repeat(DEPTH),
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

/**
 * Best of `runs`, as CPU time of this process (user + system, which includes the garbage
 * collector's threads) and wall time. CPU time is the figure that does not depend on how busy
 * the machine is; wall time is printed beside it.
 */
function bestOf(runs: number, work: () => void): { cpu: number; wall: number } {
  let cpu = Infinity;
  let wall = Infinity;
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    work();
    wall = Math.min(wall, performance.now() - started);
    const used = process.cpuUsage(cpuStart);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { cpu, wall };
}

const ms = (t: { cpu: number; wall: number }) =>
  `${t.cpu.toFixed(0).padStart(5)} ms cpu ${t.wall.toFixed(0).padStart(5)} ms wall`;

console.log(`load average ${loadavg()[0]?.toFixed(1) ?? '?'} on ${cpus().length} cores`);
let worst = 0;
for (const c of cases) {
  let outcome = '';
  const parse = bestOf(3, () => {
    const parsed = parseSignaturePolicy(c.input);
    outcome = parsed.ok ? 'result' : `error at ${parsed.error.offset}`;
  });
  const base = bestOf(3, () => JSON.parse(c.baseline) as unknown);
  worst = Math.max(worst, parse.cpu);
  console.log(
    `parse ${c.name.padEnd(34)} ${ms(parse)}  (JSON.parse ${ms(base)}; ratio ${(parse.cpu / base.cpu).toFixed(1)}x)  ${outcome}`,
  );
  const parsed = parseSignaturePolicy(c.input);
  if (parsed.ok && c.evaluate === true) {
    let description = '';
    const evaluation = bestOf(3, () => {
      description = evaluateSignaturePolicy(parsed.envelope, []).description;
    });
    worst = Math.max(worst, evaluation.cpu);
    console.log(`eval  ${c.name.padEnd(34)} ${ms(evaluation)}  ${description}`);
  }
}
console.log(`slowest hostile input: ${worst.toFixed(0)} ms of CPU (${worst < 1000 ? 'under' : 'OVER'} one second)`);
