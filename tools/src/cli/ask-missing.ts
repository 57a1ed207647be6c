// Asking for what the flags did not give, when a person is at a terminal: one question per missing
// value on standard error, answers read from standard input. Never in CI (stdin not a terminal):
// there a missing flag stays the usage error it always was.
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './io.ts';

export interface Question {
  /** The flag it stands for, e.g. `--msp-id`. */
  readonly flag: string;
  readonly prompt: string;
}

/** Answers by flag; an empty answer leaves the value unset. Nothing is asked off a terminal. */
export async function askMissing(io: CliIo, questions: readonly Question[]): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  if (io.stdinIsTty !== true || questions.length === 0) return answers;
  const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const q of questions) {
      io.stderr.write(`${q.prompt} (${q.flag}): `);
      const next = await lines.next();
      if (next.done === true) break;
      const answer = String(next.value).trim();
      if (answer !== '') answers.set(q.flag, answer);
    }
  } finally {
    rl.close();
  }
  return answers;
}
