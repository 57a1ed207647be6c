// js-yaml's dump, byte for byte, at the speed a render of thousands of members needs.
//
// Rendered objects are plain JSON data, and js-yaml spends most of its time on what that data never
// needs: building a node tree, resolving tags, and trying several Unicode regular expressions on
// every scalar. This writes the same block layout in one pass into one string, following js-yaml's
// presenter (indent 2, sequences indented under their key, the first entry of a sequence item on
// the dash's line, `{}` and `[]` for empty collections, `...` after a document that ends in blank
// lines), with scalars styled by yaml-scalar.ts. A value that is not plain JSON data, or a key
// js-yaml writes in the explicit `? key` form, hands the whole document to js-yaml.
// test/render/yaml-dump.test.ts checks the bytes against js-yaml's on generated values and on every
// rendered object of the example consortium.
import { dump } from 'js-yaml';
import { DUMP_OPTIONS, quoted, styleKey, styleValue } from './yaml-scalar.ts';

export { DUMP_OPTIONS } from './yaml-scalar.ts';

/** Thrown inside the layout when js-yaml must write the whole document itself. */
class NeedsJsYaml extends Error {}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

const newlines: string[] = [];
function newline(level: number): string {
  return (newlines[level] ??= `\n${'  '.repeat(level)}`);
}

const dashLines: string[] = [];
/** A sequence item's `- ` on a new line indented for `level`. */
function dashLine(level: number): string {
  return (dashLines[level] ??= `${newline(level)}- `);
}

/** A key as written: `bare` before a collection, `spaced` (with the space) before a scalar. */
interface KeyLine {
  readonly bare: string;
  readonly spaced: string;
}

/**
 * `key:`, on a new line indented for `level`, or on the current line (`first` of a compact mapping):
 * the same few hundred keys recur, so each is styled once per level.
 */
const keyLines: Map<string, KeyLine>[] = [];
/** First keys of compact mappings: [0] at the top level (column 0), [1] in sequence items. */
const firstKeyLines: Map<string, KeyLine>[] = [];
function keyLine(key: string, level: number, first: boolean): KeyLine {
  const lines = first
    ? (firstKeyLines[level === 0 ? 0 : 1] ??= new Map<string, KeyLine>())
    : (keyLines[level] ??= new Map<string, KeyLine>());
  let line = lines.get(key);
  if (line === undefined) {
    let text = styleKey(key);
    if (text === undefined) throw new NeedsJsYaml();
    // At the start of a line a key such as `--- a` would read as a document marker; js-yaml writes
    // it plain (its check covers top-level scalars only), which no YAML reader loads.
    if (level === 0 && DOCUMENT_MARKER.test(text)) text = quoted(key);
    const bare = first ? `${text}:` : `${newline(level)}${text}:`;
    line = { bare, spaced: `${bare} ` };
    if (lines.size >= 100_000) lines.clear();
    lines.set(key, line);
  }
  return line;
}
const DOCUMENT_MARKER = /^(?:---|\.\.\.)[ \t]/;

/** A scalar's text at this level; anything that is not JSON data goes to js-yaml. */
function scalar(value: unknown, level: number): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null)
    return styleValue(value, level);
  throw new NeedsJsYaml();
}

/**
 * Appends to `out`, in as few pieces as the layout allows (`key: ` and `- ` with their space):
 * every piece is a string the garbage collector must later walk.
 */
class Emitter {
  out = '';

  /**
   * A non-empty or empty collection as a value. `compact`: it continues the current line after
   * `- ` (a block mapping's first entry, a nested sequence's first `- `); otherwise it follows
   * `key:` and starts on a new line, indented for `level`.
   */
  collection(value: object, level: number, compact: boolean): void {
    if (Object.isFrozen(value)) {
      this.out += frozenText(value, level, compact);
      return;
    }
    this.layOut(value, level, compact);
  }

  layOut(value: object, level: number, compact: boolean): void {
    if (Array.isArray(value)) {
      if (value.length === 0) this.out += compact ? '[]' : ' []';
      else this.sequence(value, level, compact);
    } else {
      if (!isPlainObject(value)) throw new NeedsJsYaml();
      // js-yaml skips keys whose value is undefined; with none left the mapping is `{}`.
      if (!this.mapping(value, level, compact)) this.out += compact ? '{}' : ' {}';
    }
  }

  /** Whether any entry was written. */
  mapping(map: Record<string, unknown>, level: number, compact: boolean): boolean {
    let first = compact;
    let written = false;
    for (const key in map) {
      const value = map[key];
      if (value === undefined || !Object.prototype.hasOwnProperty.call(map, key)) continue;
      const line = keyLine(key, level, first);
      first = false;
      written = true;
      if (typeof value === 'object' && value !== null) {
        this.out += line.bare;
        this.collection(value, level + 1, false);
      } else {
        this.out += line.spaced;
        this.out += scalar(value, level + 1);
      }
    }
    return written;
  }

  sequence(items: readonly unknown[], level: number, compact: boolean): void {
    for (let index = 0; index < items.length; index++) {
      this.out += index > 0 || !compact ? dashLine(level) : '- ';
      // js-yaml writes an undefined item as null.
      const item = items[index] ?? null;
      if (typeof item === 'object' && item !== null) this.collection(item, level + 1, true);
      else this.out += scalar(item, level + 1);
    }
  }
}

/**
 * The same text as one flat string rather than the tree of pieces it was appended from, so that
 * each document that reuses it copies one string. Reading a character is what makes V8 flatten it.
 */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/**
 * The text of a frozen collection (shared-value.ts: deeply immutable, held by many objects) at
 * this indentation, written once and remembered: a collection's text depends only on the
 * collection, its level and whether it continues a line.
 */
const frozenTexts = new WeakMap<object, Map<number, string>>();
function frozenText(value: object, level: number, compact: boolean): string {
  let byPlace = frozenTexts.get(value);
  if (byPlace === undefined) frozenTexts.set(value, (byPlace = new Map<number, string>()));
  const place = level * 2 + (compact ? 1 : 0);
  let text = byPlace.get(place);
  if (text === undefined) {
    const emitter = new Emitter();
    emitter.layOut(value, level, compact);
    text = flat(emitter.out);
    byPlace.set(place, text);
  }
  return text;
}

/** `dump(value, DUMP_OPTIONS)` of js-yaml, the same bytes. */
export function dumpYaml(value: unknown): string {
  if (typeof value !== 'object' || value === null) return dump(value, DUMP_OPTIONS);
  try {
    const emitter = new Emitter();
    if (Array.isArray(value)) {
      if (value.length === 0) return '[]\n';
      emitter.sequence(value, 0, true);
    } else {
      if (!isPlainObject(value)) return dump(value, DUMP_OPTIONS);
      if (!emitter.mapping(value, 0, true)) return '{}\n';
    }
    // A keep-chomped block scalar at the end (its text ends in a line feed) leaves the document
    // open-ended: js-yaml then writes the end marker.
    return emitter.out.endsWith('\n') ? `${emitter.out}\n...\n` : `${emitter.out}\n`;
  } catch (error) {
    if (error instanceof NeedsJsYaml) return dump(value, DUMP_OPTIONS);
    throw error;
  }
}
