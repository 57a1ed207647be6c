// The binary half of a channel folder: channels/<ch>/genesis.block and every
// channels/<ch>/updates/<NNNN>/ (update.pb and signatures/*.sig), read through the RepoReader so
// it works on a working tree and on any Git revision alike. The bytes are kept as read: they are
// what members sign and what the orderer receives.
import type { RepoReader } from '../adapters/repo-reader.ts';

export interface StoredSignature {
  /** Repository-relative path. */
  readonly file: string;
  readonly bytes: Uint8Array;
}

export interface StoredUpdate {
  /** "0001". */
  readonly number: string;
  /** channels/<ch>/updates/<NNNN>/update.pb */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** Sorted by file name: the order in which they are submitted. */
  readonly signatures: readonly StoredSignature[];
}

export interface ChannelLedgerFiles {
  readonly channel: string;
  /** channels/<ch>/genesis.block, when present. */
  readonly genesis: { readonly file: string; readonly bytes: Uint8Array } | undefined;
  /** In ledger order. */
  readonly updates: readonly StoredUpdate[];
  /** Files in updates/ that do not fit the layout, and gaps in the numbering. */
  readonly problems: readonly { readonly file: string; readonly message: string }[];
}

const UPDATE_FILE = /^channels\/([^/]+)\/updates\/(\d{4})\/update\.pb$/;
const SIGNATURE_FILE = /^channels\/([^/]+)\/updates\/(\d{4})\/signatures\/[A-Za-z0-9.-]+-[0-9a-f]{16}\.sig$/;

export const updatesFolder = (channel: string): string => `channels/${channel}/updates`;
export const updateFile = (channel: string, number: string): string => `${updatesFolder(channel)}/${number}/update.pb`;
export const genesisFile = (channel: string): string => `channels/${channel}/genesis.block`;

/** Channels that have a genesis.block or updates in this revision. */
export async function listLedgerChannels(reader: RepoReader): Promise<string[]> {
  const channels = new Set<string>();
  for (const entry of await reader.listFiles()) {
    const match = /^channels\/([^/]+)\/(?:genesis\.block$|updates\/)/.exec(entry.path);
    if (match !== null) channels.add(match[1] as string);
  }
  return [...channels].sort();
}

export async function loadChannelLedger(reader: RepoReader, channel: string): Promise<ChannelLedgerFiles> {
  const entries = await reader.listFiles();
  const problems: { file: string; message: string }[] = [];
  let genesis: ChannelLedgerFiles['genesis'];
  const updates = new Map<string, { file: string; bytes: Uint8Array; signatures: StoredSignature[] }>();
  const signatures: { number: string; file: string }[] = [];
  const prefix = `${updatesFolder(channel)}/`;
  for (const entry of entries) {
    if (entry.path === genesisFile(channel) && entry.kind === 'file') {
      genesis = { file: entry.path, bytes: new Uint8Array(await reader.readFile(entry.path)) };
      continue;
    }
    if (!entry.path.startsWith(prefix)) continue;
    const update = UPDATE_FILE.exec(entry.path);
    const signature = SIGNATURE_FILE.exec(entry.path);
    if (entry.kind !== 'file') {
      problems.push({
        file: entry.path,
        message: `${entry.path} is a symbolic link; updates and signatures must be regular files`,
      });
    } else if (update !== null && update[1] === channel) {
      updates.set(update[2] as string, {
        file: entry.path,
        bytes: new Uint8Array(await reader.readFile(entry.path)),
        signatures: [],
      });
    } else if (signature !== null && signature[1] === channel) {
      signatures.push({ number: signature[2] as string, file: entry.path });
    } else {
      problems.push({
        file: entry.path,
        message: `${entry.path} does not belong in ${prefix}: it holds <NNNN>/update.pb and <NNNN>/signatures/<mspId>-<fingerprint>.sig`,
      });
    }
  }
  for (const { number, file } of signatures) {
    const owner = updates.get(number);
    if (owner === undefined) {
      problems.push({ file, message: `${file} signs update ${number}, which has no update.pb` });
      continue;
    }
    owner.signatures.push({ file, bytes: new Uint8Array(await reader.readFile(file)) });
  }
  const numbers = [...updates.keys()].sort();
  numbers.forEach((number, index) => {
    const expected = String(index + 1).padStart(4, '0');
    if (number !== expected) {
      problems.push({
        file: updateFile(channel, number),
        message: `updates are numbered from 0001 without gaps, in ledger order: expected ${expected}, found ${number}`,
      });
    }
  });
  return {
    channel,
    genesis,
    updates: numbers.map((number) => {
      const u = updates.get(number) as { file: string; bytes: Uint8Array; signatures: StoredSignature[] };
      return {
        number,
        file: u.file,
        bytes: u.bytes,
        signatures: [...u.signatures].sort((a, b) => (a.file < b.file ? -1 : 1)),
      };
    }),
    problems,
  };
}

/** Every channel's genesis block and config updates in one revision. */
export async function loadChannelLedgers(reader: RepoReader): Promise<Map<string, ChannelLedgerFiles>> {
  const ledgers = new Map<string, ChannelLedgerFiles>();
  for (const channel of await listLedgerChannels(reader))
    ledgers.set(channel, await loadChannelLedger(reader, channel));
  return ledgers;
}
