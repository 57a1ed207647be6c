import { createHash } from 'node:crypto';

/**
 * A stable digest of a value: keys sorted, `source` positions dropped (moving a line or adding a
 * comment does not change what a file governs), so equal content gives an equal fingerprint.
 */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 32);
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (key, item: unknown) => {
    if (key === 'source') return undefined;
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const sorted: Record<string, unknown> = {};
      for (const name of Object.keys(item).sort()) sorted[name] = (item as Record<string, unknown>)[name];
      return sorted;
    }
    return item;
  });
}

export function digestBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}
