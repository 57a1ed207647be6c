import type { Writable } from 'node:stream';

/**
 * Everything a command's CLI wrapper may touch of the outside world. Built once in main.ts (the
 * composition root) and passed down, so tests can run a command in-process with captured output.
 */
export interface CliIo {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly now: () => Date;
  /** Standard error is a terminal: progress is drawn there; elsewhere (CI logs) it stays quiet. */
  readonly isTty: boolean;
  /** Standard input is a terminal: a command may ask for what its flags did not give. */
  readonly stdinIsTty?: boolean;
}

export function write(stream: Writable, text: string): void {
  stream.write(text.endsWith('\n') || text === '' ? text : `${text}\n`);
}

export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
