// Names that change when content changes. A Job's pod template is immutable, so a new chaincode
// sequence or channel must produce a new Job (new name) rather than an edit the API server rejects.
import { hash } from 'node:crypto';
import { DNS_LABEL_MAX_LENGTH } from '../model/resource-names.ts';
import type { JsonValue } from './types.ts';

export function contentHash(value: JsonValue, length = 10): string {
  // One-shot hash(): a Hash object per call costs more than hashing a Job's content.
  return hash('sha256', JSON.stringify(value), 'hex').slice(0, length);
}

/**
 * `<base>-<hash>` within 63 characters (a Job's name is copied into a label value on its pods).
 * The base is cut, never the hash, so distinct contents keep distinct names.
 */
export function hashedName(base: string, content: JsonValue): string {
  const hash = contentHash(content);
  const room = DNS_LABEL_MAX_LENGTH - hash.length - 1;
  const cut = base.slice(0, room).replace(/-+$/, '');
  return `${cut}-${hash}`;
}
