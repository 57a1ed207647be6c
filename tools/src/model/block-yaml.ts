import { CORE_SCHEMA } from 'js-yaml';
import { readLiteralBlock } from './block-literal.ts';
import { implicitFirstCharacters, mayResolve } from './implicit-first-characters.ts';

/**
 * A first try in front of js-yaml for the plain block style that repository files are written in:
 * block mappings with simple keys, block sequences, one-line plain and quoted scalars, literal block
 * scalars, `{}` and one-line flow sequences of simple words. It reads a file in a few native string
 * searches per line, several times faster than js-yaml's general parser, which matters because a
 * command reads thousands of small files once each, mostly before V8 has compiled anything.
 *
 * Returns exactly what js-yaml's `load(text, { schema: CORE_SCHEMA })` returns, or undefined for
 * anything outside that subset: the caller then asks js-yaml. Whatever is unusual (tabs, carriage
 * returns, control or non-BMP characters, directives, document markers, anchors, aliases, tags,
 * flow mappings with content, flow sequences of anything but simple words, explicit or quoted keys,
 * multi-line plain or quoted scalars, folded scalars, indentation indicators, duplicate or
 * `__proto__` keys, a top level that is not a mapping) is declined rather than interpreted.
 * test/model/block-yaml.test.ts compares both parsers on real, generated and mutated documents.
 *
 * The comments cite the js-yaml 5 parser functions (dist/js-yaml.mjs) whose behaviour each rule
 * follows.
 */
export function parseBlockYaml(text: string): { value: unknown } | undefined {
  if (unsupportedCharacter.test(text)) return undefined;
  const parser = new BlockParser(text);
  parser.skipToContent(0);
  // The top level is a mapping whose keys start in column 0 (readDocument, then readBlockMapping).
  if (parser.indent !== 0) return undefined;
  const value = parser.parseMapping(0, 0);
  return value === undefined || !parser.atEnd() ? undefined : { value };
}

/**
 * Characters this parser leaves to js-yaml: tabs (indentation rules), carriage returns, other C0
 * and C1 controls (js-yaml rejects most as non-printable; NEL is a line break in YAML 1.1), the line
 * and paragraph separators, byte order marks, surrogates (every non-BMP character), U+FFFE/U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const unsupportedCharacter = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]/;

/**
 * A simple key followed by `:` and a space or the end of the line. Keys never start with `-` or `.`,
 * so a key line is never a document marker (`---`, `...`) or a sequence entry.
 */
const simpleKey = /[A-Za-z0-9_][A-Za-z0-9_./-]*:(?=[ \n]|$)/y;

/**
 * A flow sequence on one line whose entries are plain scalars made of key characters: no `:`, `#`,
 * spaces or flow indicators inside an entry, so each is read exactly as a key would be.
 */
const flowSequence = /\[ *(?:[A-Za-z0-9_][A-Za-z0-9_./-]*(?: *, *[A-Za-z0-9_][A-Za-z0-9_./-]*)* *)?\]/y;

/** Indent of "no more content lines": below every collection's indent. */
const endOfText = -1;
/** Deepest collection nesting accepted; js-yaml's own limit (maxDepth 100) is far from it. */
const maxDepth = 40;

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const PIPE = 0x7c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;

/**
 * First characters that end this parser's attempt at a plain scalar. js-yaml's canStartPlainScalar
 * refuses most of them; `?` and `:` it accepts in some positions, which is not worth following.
 * `-` is handled apart: a plain scalar may start with it when a non-space follows.
 */
const notPlainFirst = new Set([...'?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

/** First characters for which CORE_SCHEMA may read a plain scalar as something other than a string. */
const resolvedFirst = implicitFirstCharacters(CORE_SCHEMA);

/** A plain scalar's value, resolved as js-yaml's constructScalar does (null, booleans, numbers, strings). */
function resolvePlain(source: string): unknown {
  return mayResolve(resolvedFirst, source) ? CORE_SCHEMA.resolveImplicitScalarTag(source).value : source;
}

class BlockParser {
  private readonly text: string;
  private readonly length: number;
  /** Start of the current content line. */
  private lineStart = 0;
  /** End of the current content line (its line feed, or the end of the text). */
  private lineEnd = 0;
  /** Indent of the current content line, or endOfText. */
  indent = endOfText;
  /** Next ` #` and `: ` at or after some earlier position (text.length when there is none): one search each per occurrence. */
  private nextComment = -1;
  private nextColonSpace = -1;

  constructor(text: string) {
    this.text = text;
    this.length = text.length;
  }

  atEnd(): boolean {
    return this.indent === endOfText;
  }

  /** Moves to the first line at or after `from` that is neither blank nor a comment (skipSeparationSpace). */
  skipToContent(from: number): void {
    const text = this.text;
    let start = from;
    while (start < this.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = this.length;
      let i = start;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      if (i < end && text.charCodeAt(i) !== HASH) {
        this.lineStart = start;
        this.lineEnd = end;
        this.indent = i - start;
        return;
      }
      start = end + 1;
    }
    this.lineStart = this.lineEnd = this.length;
    this.indent = endOfText;
  }

  /**
   * A block mapping whose keys start in column `indent`; the current line holds its first key at
   * that column (in a sequence entry, after the `- `). Ends on the first content line indented less
   * (readBlockMapping).
   */
  parseMapping(indent: number, depth: number): Record<string, unknown> | undefined {
    if (depth > maxDepth) return undefined;
    const text = this.text;
    const mapping: Record<string, unknown> = {};
    for (;;) {
      const keyStart = this.lineStart + indent;
      simpleKey.lastIndex = keyStart;
      if (!simpleKey.test(text)) return undefined;
      const colon = simpleKey.lastIndex - 1;
      const keySource = text.slice(keyStart, colon);
      // js-yaml's default map stores String(key): `1`, `01` and `1.0` are all the key "1".
      const resolved = resolvePlain(keySource);
      const key = typeof resolved === 'string' ? resolved : String(resolved);
      if (key === '__proto__' || Object.hasOwn(mapping, key)) return undefined;

      let valueStart = colon + 1;
      while (text.charCodeAt(valueStart) === SPACE) valueStart++;
      let value: unknown;
      if (valueStart >= this.lineEnd || text.charCodeAt(valueStart) === HASH) {
        // Nothing after `key:` but perhaps a comment: the value is on the lines below (parseNode with allowToSeek).
        this.skipToContent(this.lineEnd + 1);
        if (this.indent > indent) value = this.parseNested(depth + 1);
        // A sequence may sit at its key's own indent (indentStatus 0: readBlockSequence only).
        else if (this.indent === indent && this.atSequenceEntry()) value = this.parseSequence(indent, depth + 1);
        else value = null;
      } else {
        value = this.parseInlineValue(valueStart, indent);
      }
      if (value === undefined) return undefined;
      mapping[key] = value;
      if (this.indent === indent) continue;
      // Deeper than the keys after a complete value: js-yaml reads a multi-line scalar or fails.
      return this.indent < indent ? mapping : undefined;
    }
  }

  /** A block sequence whose `-` indicators are in column `indent`; the current line holds the first (readBlockSequence). */
  private parseSequence(indent: number, depth: number): unknown[] | undefined {
    if (depth > maxDepth) return undefined;
    const text = this.text;
    const sequence: unknown[] = [];
    // An entry line at the sequence's indent that is not `- ` ends it; the caller decides what it is.
    while (this.atSequenceEntry()) {
      let valueStart = this.lineStart + indent + 2;
      while (text.charCodeAt(valueStart) === SPACE) valueStart++;
      // An entry whose content starts on the next line, or a nested compact sequence: left to js-yaml.
      if (valueStart >= this.lineEnd) return undefined;
      const first = text.charCodeAt(valueStart);
      if (first === HASH) return undefined;
      if (first === DASH && this.isSpaceOrLineEnd(valueStart + 1)) return undefined;
      let value: unknown;
      simpleKey.lastIndex = valueStart;
      // `- key: value` opens a compact mapping whose keys are in the column of this first key.
      if (simpleKey.test(text)) value = this.parseMapping(valueStart - this.lineStart, depth + 1);
      else value = this.parseInlineValue(valueStart, indent);
      if (value === undefined) return undefined;
      sequence.push(value);
      if (this.indent === indent) continue;
      return this.indent < indent ? sequence : undefined;
    }
    return sequence;
  }

  /** The collection that starts on the current line, more indented than its key (parseNode, indentStatus 1). */
  private parseNested(depth: number): unknown {
    if (this.atSequenceEntry()) return this.parseSequence(this.indent, depth);
    return this.parseMapping(this.indent, depth);
  }

  /** Whether the current line is `- ` followed by something, or a lone `-`. */
  private atSequenceEntry(): boolean {
    const dash = this.lineStart + this.indent;
    return this.indent !== endOfText && this.text.charCodeAt(dash) === DASH && this.isSpaceOrLineEnd(dash + 1);
  }

  private isSpaceOrLineEnd(position: number): boolean {
    return position >= this.length || this.text.charCodeAt(position) === SPACE || position === this.lineEnd;
  }

  /**
   * The value that starts at `start` on the current line (a one-line scalar, a literal block, `{}`
   * or a flow sequence of words) in a collection whose indent is `parentIndent`. Moves to the next
   * content line.
   */
  private parseInlineValue(start: number, parentIndent: number): unknown {
    const text = this.text;
    const first = text.charCodeAt(start);
    let end: number;
    let value: unknown;
    if (first === SINGLE_QUOTE) {
      // readSingleQuotedScalar on one line: `''` is a quote.
      let search = start + 1;
      let doubled = false;
      for (;;) {
        const quote = text.indexOf("'", search);
        if (quote === -1 || quote >= this.lineEnd) return undefined;
        if (text.charCodeAt(quote + 1) === SINGLE_QUOTE) {
          doubled = true;
          search = quote + 2;
          continue;
        }
        end = quote + 1;
        const source = text.slice(start + 1, quote);
        value = doubled ? source.replaceAll("''", "'") : source;
        break;
      }
    } else if (first === DOUBLE_QUOTE) {
      // readDoubleQuotedScalar on one line without escapes: the text between the quotes.
      const quote = text.indexOf('"', start + 1);
      if (quote === -1 || quote >= this.lineEnd) return undefined;
      const source = text.slice(start + 1, quote);
      if (source.includes('\\')) return undefined;
      end = quote + 1;
      value = source;
    } else if (first === OPEN_BRACE) {
      // Only the empty flow mapping (readFlowCollection).
      if (text.charCodeAt(start + 1) !== CLOSE_BRACE) return undefined;
      end = start + 2;
      value = {};
    } else if (first === OPEN_BRACKET) {
      // A one-line flow sequence of simple plain scalars, `[a, b]` (readFlowCollection).
      flowSequence.lastIndex = start;
      if (!flowSequence.test(text)) return undefined;
      end = flowSequence.lastIndex;
      const inner = text.slice(start + 1, end - 1).trim();
      value = inner === '' ? [] : inner.split(',').map((item) => resolvePlain(item.trim()));
    } else if (first === PIPE) {
      const block = readLiteralBlock(text, { header: start, headerEnd: this.lineEnd, parentIndent });
      if (block === undefined) return undefined;
      this.skipToContent(block.next);
      return block.value;
    } else {
      return this.parsePlain(start);
    }
    // After a quoted scalar or flow collection: only spaces, then perhaps a comment (which needs a
    // space before its `#`), then the end of the line.
    let rest = end;
    while (text.charCodeAt(rest) === SPACE) rest++;
    if (rest < this.lineEnd && (text.charCodeAt(rest) !== HASH || rest === end)) return undefined;
    this.skipToContent(this.lineEnd + 1);
    return value;
  }

  /**
   * A one-line plain scalar (readPlainScalar in block context): it ends at ` #` or the end of the
   * line, without trailing spaces. A `: ` or a final `:` in it would make a mapping (or an error),
   * so such a line is declined, as is any more-indented line after it (a continuation line; the
   * callers decline those).
   */
  private parsePlain(start: number): unknown {
    const text = this.text;
    const first = text.charCodeAt(start);
    if (notPlainFirst.has(first)) return undefined;
    if (first === DASH && this.isSpaceOrLineEnd(start + 1)) return undefined;
    if (this.nextComment < start) {
      const found = text.indexOf(' #', start);
      this.nextComment = found === -1 ? this.length : found;
    }
    let end = this.nextComment < this.lineEnd ? this.nextComment : this.lineEnd;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    if (text.charCodeAt(end - 1) === COLON) return undefined;
    if (this.nextColonSpace < start) {
      const found = text.indexOf(': ', start);
      this.nextColonSpace = found === -1 ? this.length : found;
    }
    if (this.nextColonSpace < end) return undefined;
    const value = resolvePlain(text.slice(start, end));
    this.skipToContent(this.lineEnd + 1);
    return value;
  }
}
