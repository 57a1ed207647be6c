// js-yaml's dump, byte for byte, at the speed a render of thousands of members needs.
//
// Profiling the render of a 1,000-member consortium showed js-yaml spending most of its time
// choosing a style for each scalar (several Unicode regular expressions per string), and the same
// few thousand strings (label keys, images, names, certificates) recur in nearly every object. So
// every scalar is still styled by js-yaml itself, once, and remembered; only the block layout of
// mappings and sequences around them is written here, following js-yaml's presenter (indent 2,
// sequences indented under their key, the first entry of a sequence item on the dash's line).
// Anything that layout does not cover (a multi-line or very long key, a value that is not plain
// JSON data) is handed to js-yaml whole. test/render/yaml-dump.test.ts checks the output against
// js-yaml's on generated values and on every rendered object.
import { dump, type DumpOptions } from 'js-yaml';

export const DUMP_OPTIONS: DumpOptions = { sortKeys: false, lineWidth: -1, noRefs: true };

/** A scalar as js-yaml writes it as the value of a top-level key (level 1). */
interface StyledScalar {
  readonly text: string;
  /** js-yaml ends the document with `...` when it ends with this scalar (a block scalar ending in blank lines). */
  readonly openEnded: boolean;
}

/** Thrown inside the layout when js-yaml must write the whole document itself. */
class NeedsJsYaml extends Error {}

const MAX_CACHED_STRING = 8192;
const MAX_CACHE_ENTRIES = 100_000;
/** Longer keys become explicit (`? key`) pairs in js-yaml; left to it. */
const MAX_PLAIN_KEY = 1000;

const valueCache = new Map<string | number | boolean | null, StyledScalar>();
const keyCache = new Map<string, string>();

function remember<K, V>(cache: Map<K, V>, key: K, value: V): V {
  if (cache.size >= MAX_CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

function styleValue(value: string | number | boolean | null): StyledScalar {
  const cacheable = typeof value !== 'string' || value.length <= MAX_CACHED_STRING;
  // Map keys compare -0 and 0 as equal; js-yaml writes them differently.
  const cached = cacheable && !Object.is(value, -0) ? valueCache.get(value) : undefined;
  if (cached !== undefined) return cached;
  let out = dump({ k: value }, DUMP_OPTIONS);
  const openEnded = out.endsWith('\n...\n');
  if (openEnded) out = out.slice(0, -4);
  const styled = { text: out.slice(3, -1), openEnded };
  return cacheable && !Object.is(value, -0) ? remember(valueCache, value, styled) : styled;
}

function styleKey(key: string): string {
  const cached = keyCache.get(key);
  if (cached !== undefined) return cached;
  if (key.length > MAX_PLAIN_KEY || key.includes('\n')) throw new NeedsJsYaml();
  const out = dump({ [key]: 0 }, DUMP_OPTIONS);
  if (!out.endsWith(': 0\n') || out.startsWith('?')) throw new NeedsJsYaml();
  return remember(keyCache, key, out.slice(0, -4));
}

/** Continuation lines of a scalar styled at level 1, moved to `level`: blank lines stay empty. */
function reindent(text: string, level: number): string {
  if (level <= 1 || !text.includes('\n')) return text;
  const extra = '  '.repeat(level - 1);
  return text.replace(/\n(?=[^\n])/g, `\n${extra}`);
}

function isPlainObject(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

const newlines: string[] = [];
function newline(level: number): string {
  return (newlines[level] ??= `\n${'  '.repeat(level)}`);
}

class Layout {
  /** Whether the text so far ends with a scalar after which js-yaml marks the document's end. */
  openEnded = false;

  node(value: unknown, level: number, compact: boolean): string {
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      const styled = styleValue(value);
      this.openEnded = styled.openEnded;
      return reindent(styled.text, level);
    }
    if (Array.isArray(value)) {
      if (value.length === 0) {
        this.openEnded = false;
        return '[]';
      }
      return this.sequence(value, level, compact);
    }
    if (typeof value === 'object' && isPlainObject(value)) {
      const text = this.mapping(value as Record<string, unknown>, level, compact);
      if (text !== '') return text;
      this.openEnded = false;
      return '{}';
    }
    throw new NeedsJsYaml();
  }

  /** '' when the mapping has no entry (js-yaml skips keys whose value is undefined). */
  private mapping(entries: Record<string, unknown>, level: number, compact: boolean): string {
    let result = '';
    for (const key in entries) {
      if (!Object.prototype.hasOwnProperty.call(entries, key)) continue;
      const value = entries[key];
      if (value === undefined) continue;
      if (!compact || result !== '') result += newline(level);
      result += styleKey(key);
      const text = this.node(value, level + 1, false);
      result += text.charCodeAt(0) === 10 ? ':' : ': ';
      result += text;
    }
    return result;
  }

  private sequence(items: readonly unknown[], level: number, compact: boolean): string {
    let result = '';
    for (let index = 0; index < items.length; index++) {
      const text = this.node(items[index] ?? null, level + 1, true);
      if (!compact || result !== '') result += newline(level);
      result += text === '' || text.charCodeAt(0) === 10 ? '-' : '- ';
      result += text;
    }
    return result;
  }
}

/** `dump(value, DUMP_OPTIONS)` of js-yaml, the same bytes. */
export function dumpYaml(value: unknown): string {
  if (value === null || typeof value !== 'object') return dump(value, DUMP_OPTIONS);
  try {
    const layout = new Layout();
    const body = layout.node(value, 0, true);
    return layout.openEnded ? `${body}\n...\n` : `${body}\n`;
  } catch (error) {
    if (error instanceof NeedsJsYaml) return dump(value, DUMP_OPTIONS);
    throw error;
  }
}
