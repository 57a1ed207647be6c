// Runs the CLI in-process (main(argv, io)) with captured output, so a test sees exactly what a
// user would: the exit code, standard output and standard error.
import { PassThrough } from 'node:stream';
import { main } from '../../tools/src/cli/main.ts';
import type { CliIo } from '../../tools/src/cli/io.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  /** Working directory; default `/`. */
  readonly cwd?: string;
  /** The whole environment the command sees; default empty. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The clock; default the real one. */
  readonly now?: Date;
  /** Standard input, ended after this text; default empty. */
  readonly stdin?: string;
  /** Whether standard input counts as a terminal (a command may then ask questions); default false. */
  readonly stdinIsTty?: boolean;
}

export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  const { now } = options;
  const io: CliIo = {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? '/',
    now: () => now ?? new Date(),
    isTty: false,
    stdinIsTty: options.stdinIsTty ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
