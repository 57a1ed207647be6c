import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../tools/src/cli/main.ts';

function io() {
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: {
      stdout: new PassThrough(),
      stderr,
      stdin: new PassThrough(),
      env: {},
      cwd: '/',
      now: () => new Date(),
      isTty: false,
    },
    err: () => err,
  };
}

describe('plan and reconcile command lines', () => {
  it.each([
    [['plan'], /--org ID .* or --all/],
    [['reconcile', '--org', 'a', '--all'], /either --org ID or --all/],
    [['plan', '--all', '--context', 'x'], /--context names one cluster/],
    [['plan', '--org', 'a', '--format', 'yaml'], /--format must be text or json/],
    [['reconcile', '--org', 'a', '--parallelism', '0'], /--parallelism must be a positive/],
    [['plan', '--bogus'], /Unknown option/],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const run = io();
    expect(await main(argv, run.io)).toBe(2);
    expect(run.err()).toMatch(message);
  });
});
