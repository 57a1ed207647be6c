// A throw-away copy of the example consortium (consortium/, orgs/, channels/ of the project root)
// in a temporary directory, so a test can apply one mistake and validate the result:
//
//   const repo = await copyExampleRepo();
//   await repo.edit('orgs/retailer/org.yaml', (text) => text.replace('mspId: A', 'mspId: B'));
//   const result = await repo.validate();
import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { validateRepository, type ValidateResult } from '../../tools/src/commands/validate.ts';
import { listLedgerChannels } from '../../tools/src/model/load-channel-ledger.ts';
import { runCli } from './run-cli.ts';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const exampleFolders = ['consortium', 'orgs', 'channels', 'chaincode'];

/** A moment when the example's certificates are valid (they are generated for years). */
export const validationTime = new Date();

export interface ExampleRepo {
  readonly dir: string;
  read(path: string): Promise<string>;
  write(path: string, text: string | Buffer): Promise<void>;
  /** Replaces the file's text with `change(text)`; fails when the change does nothing. */
  edit(path: string, change: (text: string) => string): Promise<void>;
  validate(options?: { now?: Date }): Promise<ValidateResult>;
  /**
   * `consortium channel update <ch>` for every channel on the ledger, as a user does after a change
   * that reaches a channel's config; throws when the command fails.
   */
  writeUpdates(): Promise<void>;
  remove(): Promise<void>;
}

export async function copyExampleRepo(): Promise<ExampleRepo> {
  const dir = await mkdtemp(join(tmpdir(), 'consortium-example-'));
  for (const folder of exampleFolders) await cp(join(projectRoot, folder), join(dir, folder), { recursive: true });
  const repo: ExampleRepo = {
    dir,
    read: (path) => readFile(join(dir, path), 'utf8'),
    async write(path, text) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    },
    async edit(path, change) {
      const before = await repo.read(path);
      const after = change(before);
      if (after === before) throw new Error(`edit of ${path} changed nothing; the example must have changed`);
      await repo.write(path, after);
    },
    validate: (options = {}) =>
      validateRepository({ reader: createFilesystemReader(dir), now: options.now ?? validationTime }),
    async writeUpdates() {
      const reader = createFilesystemReader(dir);
      for (const channel of await listLedgerChannels(reader)) {
        const run = await runCli(['channel', 'update', channel, '--repo', dir], { cwd: dir, now: validationTime });
        if (run.code !== 0) throw new Error(`consortium channel update ${channel}: ${run.stderr}${run.stdout}`);
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  return repo;
}

/** 1-based line of the first line of `text` that contains `needle` (for asserting positions). */
export function lineOf(text: string, needle: string, occurrence = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i] ?? '').includes(needle) && ++seen === occurrence) return i + 1;
  }
  throw new Error(`"${needle}" not found`);
}
