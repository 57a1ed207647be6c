// Values many rendered objects hold in common (a pod's security settings, the volumes every admin
// Job mounts): one frozen instance, built once per distinct input. Frozen means deeply immutable
// here, which lets the YAML writer write such a value once per indentation and reuse its text
// (yaml-dump.ts); a renderer that tried to change one would throw.
import type { JsonValue } from './types.ts';

/** Freezes `value` and everything in it; returns it. */
export function shared<T extends JsonValue>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) shared(child);
    Object.freeze(value);
  }
  return value;
}

const MAX_ENTRIES = 10_000;

/**
 * `build()` as a shared value, built once per `key` (the key must name every input of `build`).
 * Bounded: a consortium has a few values per member and channel.
 */
export function sharedBy<T extends JsonValue>(cache: Map<string, T>, key: string, build: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    value = shared(build());
    cache.set(key, value);
  }
  return value;
}
