// Names that change when content changes. A Job's pod template is immutable, so a new chaincode
// sequence or channel must produce a new Job (new name) rather than an edit the API server rejects.
import { createHash, hash, type Hash } from 'node:crypto';
import { InternalError } from '../errors.ts';
import { DNS_LABEL_MAX_LENGTH } from '../model/resource-names.ts';
import type { JsonValue } from './types.ts';

const HASH_LENGTH = 10;

export function contentHash(value: JsonValue, length = HASH_LENGTH): string {
  // One-shot hash(): a Hash object per call costs more than hashing a Job's content.
  return hash('sha256', JSON.stringify(value), 'hex').slice(0, length);
}

/**
 * `<base>-<hash>` within 63 characters (a Job's name is copied into a label value on its pods).
 * The base is cut, never the hash, so distinct contents keep distinct names.
 */
export function hashedName(base: string, content: JsonValue): string {
  return withHash(base, contentHash(content));
}

function withHash(base: string, hash: string): string {
  const room = DNS_LABEL_MAX_LENGTH - hash.length - 1;
  const cut = base.slice(0, room).replace(/-+$/, '');
  return `${cut}-${hash}`;
}

/** Stands, as a string value in `content`, for the text given to hashedNameWithText. */
export const TEXT_SLOT = '\u0000content-hash text slot\u0000';
const SLOT_JSON = JSON.stringify(TEXT_SLOT);

interface Midstate {
  /** The JSON before the slot. */
  readonly before: string;
  readonly text: string;
  /** SHA-256 state after `<before><JSON of text>`. */
  readonly state: Hash;
}

/**
 * Recently used states, most recent first. Bounded: a consortium's Jobs share a handful of scripts
 * and pod spec prefixes. Found by comparing the JSON in place (`startsWith` at a known length),
 * not by a map key: a key would be a new string per Job, hashed in full on every lookup.
 */
const midstates: Midstate[] = [];
const MAX_MIDSTATES = 64;

function midstate(json: string, at: number, text: string): Hash {
  for (let i = 0; i < midstates.length; i++) {
    const entry = midstates[i];
    if (entry === undefined || entry.before.length !== at || entry.text !== text || !json.startsWith(entry.before))
      continue;
    if (i > 0) {
      midstates.splice(i, 1);
      midstates.unshift(entry);
    }
    return entry.state;
  }
  const before = json.slice(0, at);
  const state = createHash('sha256').update(before).update(JSON.stringify(text));
  midstates.unshift({ before, text, state });
  if (midstates.length > MAX_MIDSTATES) midstates.pop();
  return state;
}

/**
 * hashedName(base, content with TEXT_SLOT replaced by `text`), the same name byte for byte, for
 * content whose one long string (a Job's script, kilobytes with many characters JSON escapes)
 * repeats across thousands of Jobs while the rest differs: the text is escaped and hashed once,
 * together with the JSON before it, and each name costs only the JSON and hashing of the rest.
 * JSON.stringify writes a value's members in order without spacing, so the JSON of the whole is
 * exactly the JSON before the slot, the text's JSON and the JSON after it.
 */
export function hashedNameWithText(base: string, content: JsonValue, text: string): string {
  const json = JSON.stringify(content);
  const at = json.indexOf(SLOT_JSON);
  if (at < 0 || json.includes(SLOT_JSON, at + SLOT_JSON.length))
    throw new InternalError('hashedNameWithText: the content must hold TEXT_SLOT exactly once');
  const digest = midstate(json, at, text)
    .copy()
    .update(json.slice(at + SLOT_JSON.length))
    .digest('hex');
  return withHash(base, digest.slice(0, HASH_LENGTH));
}
