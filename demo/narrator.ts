// How the walkthrough talks: numbered steps, the command line a user would type, and that
// command's output indented beneath it. Commands run in-process through the CLI's main(argv, io).
import { Writable } from 'node:stream';
import { PassThrough } from 'node:stream';
import { main } from '../tools/src/cli/main.ts';
import type { CliIo } from '../tools/src/cli/io.ts';

export interface Narrator {
  step(title: string): void;
  say(text: string): void;
  /** Runs `consortium ARGS` in `cwd`, prints it as typed and its output; returns the exit code and stdout. */
  consortium(
    args: readonly string[],
    options: {
      cwd: string;
      shown?: readonly string[];
      quiet?: boolean;
      silent?: boolean;
      /** Keeps only the output lines a reader needs (a reconcile report lists every object). */
      keep?: (line: string) => boolean;
    },
  ): Promise<{ code: number; stdout: string }>;
  shell(line: string): void;
}

export function createNarrator(out: Writable & { isTTY?: boolean } = process.stdout): Narrator {
  let stepNumber = 0;
  // Colour only on a terminal: a log file or CI output gets plain text.
  const paint =
    out.isTTY === true
      ? (code: string, text: string) => `\x1b[${code}m${text}\x1b[0m`
      : (_code: string, text: string) => text;
  // A reader who pipes the walkthrough into `head` closes the pipe early: stop printing, but keep
  // going so the clean-up still runs.
  let closed = false;
  out.on('error', () => {
    closed = true;
  });
  const print = (text: string) => {
    if (!closed) out.write(`${text}\n`);
  };
  return {
    step(title) {
      stepNumber += 1;
      print(`\n${paint('1', `${stepNumber}. ${title}`)}`);
    },
    say(text) {
      print(text.replace(/^/gm, '   '));
    },
    shell(line) {
      print(`   ${paint('36', `$ ${line}`)}`);
    },
    async consortium(args, options) {
      if (options.silent !== true)
        print(`   ${paint('36', `$ consortium ${(options.shown ?? args).map(quote).join(' ')}`)}`);
      const stdout = collector();
      const stderr = collector();
      const io: CliIo = {
        stdout: stdout.stream,
        stderr: stderr.stream,
        stdin: new PassThrough(),
        env: { HOME: process.env['HOME'] },
        cwd: options.cwd,
        now: () => new Date(),
        isTty: false,
      };
      const code = await main(args, io);
      const all = `${stdout.text()}${stderr.text()}`.trimEnd();
      const keep = options.keep;
      const text =
        keep === undefined
          ? all
          : all
              .split('\n')
              .filter((line) => keep(line))
              .join('\n');
      if (options.silent !== true) {
        if (options.quiet !== true && text !== '') print(text.replace(/^/gm, '     '));
        print(`     ${paint('2', `(exit ${code})`)}`);
      }
      return { code, stdout: stdout.text() };
    },
  };
}

function collector(): { stream: Writable; text(): string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function quote(arg: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
