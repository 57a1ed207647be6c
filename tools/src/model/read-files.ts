import type { RepoEntry, RepoReader } from '../adapters/repo-reader.ts';
import type { LoadLimits } from './limits.ts';
import { isLedgerFile } from './repository-layout.ts';

/** A regular file's contents as far as the loader could read and decode them. */
export interface ReadResult {
  readonly path: string;
  readonly size: number;
  /** UTF-8 text without a byte-order mark; undefined when not read or not text. */
  readonly text: string | undefined;
  /** The bytes as read, kept only for a channel's ledger files (repository-layout.ts isLedgerFile). */
  readonly bytes?: Uint8Array;
  /** Why there is no text, when there is none. */
  readonly problem?:
    | { readonly kind: 'too-large' }
    /** Reading it would pass `maxTotalTextBytes` for the whole repository. */
    | { readonly kind: 'over-budget' }
    | { readonly kind: 'binary' }
    | { readonly kind: 'invalid-utf8'; readonly line: number; readonly column: number }
    | { readonly kind: 'unreadable'; readonly reason: string };
}

const concurrency = 32;

/**
 * Reads every regular file no larger than `maxTextBytes`, a few at a time (a Git object store or
 * a network file system rewards overlapping reads), and decodes it strictly as UTF-8.
 */
export async function readRepositoryFiles(options: {
  readonly reader: RepoReader;
  readonly entries: readonly RepoEntry[];
  readonly limits: LoadLimits;
}): Promise<ReadResult[]> {
  const { reader, entries, limits } = options;
  const files = entries.filter((e): e is Extract<RepoEntry, { kind: 'file' }> => e.kind === 'file');
  const results: ReadResult[] = new Array<ReadResult>(files.length);
  let next = 0;
  // Many files just under the per-file limit must not add up to gigabytes held in memory.
  let budget = limits.maxTotalTextBytes;
  const work = async (): Promise<void> => {
    for (let i = next++; i < files.length; i = next++) {
      const entry = files[i];
      if (entry === undefined) continue;
      if (entry.size <= limits.maxTextBytes && entry.size > budget) {
        results[i] = { path: entry.path, size: entry.size, text: undefined, problem: { kind: 'over-budget' } };
        continue;
      }
      budget -= Math.min(entry.size, limits.maxTextBytes);
      results[i] = await readOne(reader, entry, limits);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, work));
  return results;
}

async function readOne(
  reader: RepoReader,
  entry: { path: string; size: number },
  limits: LoadLimits,
): Promise<ReadResult> {
  const { path, size } = entry;
  if (size > limits.maxTextBytes) return { path, size, text: undefined, problem: { kind: 'too-large' } };
  let bytes: Buffer;
  try {
    bytes = await reader.readFile(path);
  } catch (error) {
    return {
      path,
      size,
      text: undefined,
      problem: { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) },
    };
  }
  // The listing may be stale (a file written meanwhile): trust what was actually read.
  if (bytes.length > limits.maxTextBytes)
    return { path, size: bytes.length, text: undefined, problem: { kind: 'too-large' } };
  // Ledger files are protobuf: their bytes are what Fabric reads and signs, never text.
  if (isLedgerFile(path))
    return { path, size: bytes.length, text: undefined, problem: { kind: 'binary' }, bytes: new Uint8Array(bytes) };
  return { path, size: bytes.length, ...decodeText(bytes) };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): Pick<ReadResult, 'text' | 'problem'> {
  // A NUL byte never occurs in text files; it is the usual sign of a binary file.
  if (bytes.includes(0)) return { text: undefined, problem: { kind: 'binary' } };
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: undefined, problem: { kind: 'invalid-utf8', ...firstInvalidByte(bytes) } };
  }
}

/** Line and column (1-based, in bytes) of the first byte that is not valid UTF-8. */
function firstInvalidByte(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || !validSequence(bytes, i, length)) break;
    if (b === 10) {
      line++;
      lineStart = i + 1;
    }
    i += length;
  }
  return { line, column: i - lineStart + 1 };
}

function validSequence(bytes: Uint8Array, start: number, length: number): boolean {
  if (start + length > bytes.length) return false;
  const first = bytes[start] ?? 0;
  for (let k = 1; k < length; k++) {
    const b = bytes[start + k] ?? 0;
    if (b < 0x80 || b > 0xbf) return false;
  }
  // Overlong encodings, surrogates and code points above U+10FFFF.
  const second = bytes[start + 1] ?? 0;
  if (first === 0xe0 && second < 0xa0) return false;
  if (first === 0xed && second > 0x9f) return false;
  if (first === 0xf0 && second < 0x90) return false;
  if (first === 0xf4 && second > 0x8f) return false;
  return true;
}
