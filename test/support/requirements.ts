// Suites that need something outside node_modules (a built kube-apiserver, Fabric's configtxgen)
// declare it here. When it is missing the suite is skipped *and* the reason is recorded, so
// `npm test` ends by listing what it could not run and why instead of silently passing.
import { appendFileSync, existsSync } from 'node:fs';

export interface Requirement {
  readonly available: boolean;
  readonly reason: string;
}

/** File the test runner (test/run-tests.mjs) reads to list skipped suites. */
const skipLog = process.env['CONSORTIUM_SKIP_LOG'];

export function requireFile(suite: string, path: string | undefined, howToGet: string): Requirement {
  if (path !== undefined && existsSync(path)) return { available: true, reason: '' };
  const reason = `${path ?? 'binary'} not found; ${howToGet}`;
  recordSkip(suite, reason);
  return { available: false, reason };
}

export function recordSkip(suite: string, reason: string): void {
  if (skipLog !== undefined && skipLog !== '') appendFileSync(skipLog, `${JSON.stringify({ suite, reason })}\n`);
}
