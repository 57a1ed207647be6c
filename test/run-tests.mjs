#!/usr/bin/env node
// `npm test`: runs the whole vitest suite and ends with a plain summary line
// ("N passed, N failed, N skipped"), followed by the suites that could not run and why
// (a missing Kubernetes or Fabric binary is reported, never silently passed).
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'consortium-test-'));
const reportFile = join(work, 'report.json');
const skipLog = join(work, 'skipped.jsonl');

const result = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
    // The end-to-end test has its own command (`npm run test:e2e`); `npm test` runs the rest.
    ...(process.argv.slice(2).some((a) => a === '--project' || a.startsWith('--project='))
      ? []
      : ['--project', '!e2e']),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, CONSORTIUM_SKIP_LOG: skipLog } },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(reportFile)) {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed =
    (report.numFailedTests ?? 0) +
    (report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
} else {
  failed = 1;
  console.error('test runner: vitest wrote no report');
}

if (existsSync(skipLog)) {
  const seen = new Set();
  const lines = readFileSync(skipLog, 'utf8').split('\n').filter(Boolean);
  const reasons = [];
  for (const line of lines) {
    const { suite, reason } = JSON.parse(line);
    const key = `${suite}: ${reason}`;
    if (!seen.has(key)) {
      seen.add(key);
      reasons.push(key);
    }
  }
  if (reasons.length > 0) {
    console.log('\nSuites that could not run here:');
    for (const r of reasons) console.log(`  - ${r}`);
  }
}
rmSync(work, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
// .ci/run runs `npm test` and `npm run test:e2e` and ends with the sum of both.
const totals = process.env['CONSORTIUM_TEST_TOTALS'];
if (totals) appendFileSync(totals, `${passed} ${failed} ${skipped}\n`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
