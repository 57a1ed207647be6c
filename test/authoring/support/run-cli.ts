// Runs the CLI in-process (main(argv, io)) with captured output, a pinned clock and a fake home.
import { PassThrough } from 'node:stream';
import { main } from '../../../tools/src/cli/main.ts';
import type { CliIo } from '../../../tools/src/cli/io.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(
  argv: readonly string[],
  options: { cwd: string; home?: string; now?: Date },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: { HOME: options.home ?? '/nonexistent-home' },
    cwd: options.cwd,
    now: () => options.now ?? new Date('2027-06-01T00:00:00Z'),
    isTty: false,
  };
  const code = await main(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
