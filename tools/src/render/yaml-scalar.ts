// Scalar styles as js-yaml 5 chooses them in block context (DUMP_OPTIONS: lineWidth -1, single
// quotes preferred), decided with a few native string searches instead of js-yaml's Unicode regular
// expressions, for the text rendered manifests are made of: printable ASCII and line feeds. Any
// other string (tabs, carriage returns, non-ASCII, whitespace only) and any number that is not a
// safe integer is styled by js-yaml itself, once, and remembered. The rules followed are those of
// js-yaml's scalar_styler.ts and styler_defaults.ts (canUsePlain, canUseSingleQuoted, canUseBlock,
// then doubleQuoteWhitespaceOnly, tryLongOrMultilineAsBlock, quoteInvalidPlain);
// test/render/yaml-dump.test.ts compares the bytes with js-yaml's.
import { dump, DUMP_SCHEMA, type DumpOptions } from 'js-yaml';
import { implicitFirstCharacters, mayResolve } from '../model/implicit-first-characters.ts';

export const DUMP_OPTIONS: DumpOptions = { sortKeys: false, lineWidth: -1, noRefs: true };

const STRING_TAG = 'tag:yaml.org,2002:str';

/** First characters for which js-yaml's dump schema may read a plain scalar as something other than a string. */
const implicitFirst = implicitFirstCharacters(DUMP_SCHEMA);

/** Whether a plain scalar with this text reads back as the same string (not a number, boolean, null, ...). */
function readsAsString(text: string): boolean {
  if (!mayResolve(implicitFirst, text)) return text !== '=';
  return DUMP_SCHEMA.resolveImplicitScalarTag(text).tag.tagName === STRING_TAG && text !== '=';
}

const SPACE = 0x20;
const COLON = 0x3a;
const LINE_FEED = 0x0a;
/** c-indicator of YAML 1.2: a plain scalar may not start with one (but see `?`, `:` and `-`). */
const INDICATORS = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

/** Kinds of string the fast path covers. */
const enum Text {
  /** One line of printable ASCII, not only spaces, that YAML reads as plain (ns-plain-one-line). */
  PlainLine,
  /** One line of printable ASCII, not only spaces, that must be quoted. */
  QuotedLine,
  /** Printable ASCII and line feeds, at least one of each kind. */
  Lines,
  /** Anything else: js-yaml decides. */
  Other,
}

/** A character outside printable ASCII and the line feed. */
const UNUSUAL = /[^\x20-\x7e\n]/;
const VISIBLE = /[^ \n]/;

/**
 * Built from the engine's native string searches, which are many times faster than a loop over the
 * characters on long scripts and certificates. ns-plain-one-line(flow-out) of YAML 1.2, for one
 * line of printable ASCII: a first character that is no space and no indicator (or `?`, `:`, `-`
 * before a non-space), no `: ` and no trailing `:`, no ` #`, no trailing space.
 */
function classify(text: string): Text {
  const length = text.length;
  if (length === 0 || UNUSUAL.test(text)) return Text.Other;
  const first = text.charCodeAt(0);
  // js-yaml double-quotes whitespace-only strings (doubleQuoteWhitespaceOnly); the empty string too
  // goes to js-yaml (it reads as null, so it is quoted).
  if ((first === SPACE || first === LINE_FEED) && !VISIBLE.test(text)) return Text.Other;
  if (text.includes('\n')) return Text.Lines;
  const last = text.charCodeAt(length - 1);
  if (first === SPACE || last === SPACE || last === COLON) return Text.QuotedLine;
  if (INDICATORS.has(first)) {
    if (first !== 0x3f && first !== COLON && first !== 0x2d) return Text.QuotedLine;
    if (length < 2 || text.charCodeAt(1) === SPACE) return Text.QuotedLine;
  }
  if (text.includes(': ') || text.includes(' #')) return Text.QuotedLine;
  return readsAsString(text) ? Text.PlainLine : Text.QuotedLine;
}

/** Single-quoted, as js-yaml quotes one line. */
export const quoted = (text: string): string => (text.includes("'") ? `'${text.replaceAll("'", "''")}'` : `'${text}'`);

/**
 * A literal block scalar (`|`) at this nesting level, as js-yaml's renderLiteralBlock writes it:
 * an indentation indicator when the text starts with spaces, keep (`+`) or strip (`-`) chomping as
 * the trailing line feeds need, and every non-empty line indented by two spaces per level.
 */
function literalBlock(text: string, level: number): string {
  let start = 0;
  while (text.charCodeAt(start) === LINE_FEED) start++;
  const indicator = text.charCodeAt(start) === SPACE ? '2' : '';
  const end = text.length;
  const clip = text.charCodeAt(end - 1) === LINE_FEED;
  const chomp = clip ? (text.charCodeAt(end - 2) === LINE_FEED || end === 1 ? '+' : '') : '-';
  return `|${indicator}${chomp}${indentLines(`\n${clip ? text.slice(0, -1) : text}`, level)}`;
}

/** Two spaces per level after every line feed that starts a non-empty line. */
function indentLines(text: string, level: number): string {
  return text.replace(NON_EMPTY_LINE, (newlineIndents[level] ??= `\n${'  '.repeat(level)}`));
}
const NON_EMPTY_LINE = /\n(?=[^\n])/g;
const newlineIndents: string[] = [];

const MAX_CACHED_STRING = 8192;
const MAX_CACHE_ENTRIES = 100_000;
/** js-yaml's styling of the scalars the fast path leaves to it, at level 1. */
const fallbackCache = new Map<string | number, string>();

/** js-yaml's own styling of a scalar, as the value of a top-level key (level 1). */
function styleByJsYaml(value: string | number): string {
  const cacheable = (typeof value !== 'string' || value.length <= MAX_CACHED_STRING) && !Object.is(value, -0);
  const cached = cacheable ? fallbackCache.get(value) : undefined;
  if (cached !== undefined) return cached;
  let out = dump({ k: value }, DUMP_OPTIONS);
  // The document end marker after a block scalar that ends in blank lines is the caller's.
  if (out.endsWith('\n...\n')) out = out.slice(0, -4);
  const text = out.slice(3, -1);
  if (cacheable) {
    if (fallbackCache.size >= MAX_CACHE_ENTRIES) fallbackCache.clear();
    fallbackCache.set(value, text);
  }
  return text;
}

/** Continuation lines of a scalar styled at level 1, moved to `level`: blank lines stay empty. */
function reindent(text: string, level: number): string {
  return level <= 1 || !text.includes('\n') ? text : indentLines(text, level - 1);
}

/**
 * The text of a scalar value at this level (>= 1). It ends with a line feed exactly when js-yaml
 * must then end the document with `...` (a keep-chomped block scalar: the text ends in blank lines).
 */
export function styleValue(value: string | number | boolean | null, level: number): string {
  if (typeof value === 'string') {
    if (value.length >= MIN_REMEMBERED_TEXT && value.includes('\n')) return styleLongText(value, level);
    switch (classify(value)) {
      case Text.PlainLine:
        return value;
      case Text.QuotedLine:
        return quoted(value);
      // Multi-line text is a literal block whenever js-yaml may write one (always for this text).
      case Text.Lines:
        return literalBlock(value, level);
      case Text.Other:
        break;
    }
  } else if (typeof value === 'number') {
    if (Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
  } else if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  } else {
    return 'null';
  }
  return reindent(styleByJsYaml(value), level);
}

/**
 * Multi-line text this long (Job scripts, certificates, configuration files) recurs in many objects
 * and members: each is styled once per level and remembered, up to a budget of characters. A
 * single line (base64 of a package or a block) is mostly unique and is not remembered.
 */
const MIN_REMEMBERED_TEXT = 256;
const MAX_REMEMBERED_CHARACTERS = 32 * 1024 * 1024;
const remembered: Map<string, string>[] = [];
let rememberedCharacters = 0;

function styleLongText(text: string, level: number): string {
  const byText = (remembered[level] ??= new Map<string, string>());
  let styled = byText.get(text);
  if (styled === undefined) {
    styled = styleNewValue(text, level);
    rememberedCharacters += text.length + styled.length;
    if (rememberedCharacters > MAX_REMEMBERED_CHARACTERS) {
      for (const map of remembered) map?.clear();
      rememberedCharacters = text.length + styled.length;
    }
    byText.set(text, styled);
  }
  return styled;
}

/** styleValue without the remembered texts. */
function styleNewValue(text: string, level: number): string {
  switch (classify(text)) {
    case Text.PlainLine:
      return text;
    case Text.QuotedLine:
      return quoted(text);
    case Text.Lines:
      return literalBlock(text, level);
    case Text.Other:
      return reindent(styleByJsYaml(text), level);
  }
}

/** The text of a mapping key, or undefined when js-yaml writes the pair in the explicit `? key` form. */
export function styleKey(key: string): string | undefined {
  let text: string | undefined;
  switch (classify(key)) {
    case Text.PlainLine:
      text = key;
      break;
    case Text.QuotedLine:
      text = quoted(key);
      break;
    case Text.Lines:
      return undefined;
    case Text.Other: {
      if (key.includes('\n')) return undefined;
      const out = dump({ [key]: 0 }, DUMP_OPTIONS);
      text = out.endsWith(': 0\n') && !out.startsWith('?') ? out.slice(0, -4) : undefined;
      break;
    }
  }
  // js-yaml makes a key longer than 1024 characters explicit.
  return text !== undefined && text.length <= 1024 ? text : undefined;
}
