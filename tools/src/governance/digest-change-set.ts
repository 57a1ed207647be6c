import type { ClassifiedChange } from './types.ts';
import { fingerprintOf } from './fingerprint.ts';

/**
 * Digest of a whole change set. An approval given on an earlier head still counts when the
 * change set there has the same digest: a rebase or a merge of the base branch keeps approvals,
 * any change to what the pull request governs invalidates all of them.
 */
export function digestChangeSet(changes: readonly ClassifiedChange[]): string {
  const entries = changes.map((c) => `${c.kind}\u0000${c.subject}\u0000${c.fingerprint}`).sort();
  return fingerprintOf(entries);
}
