/**
 * Character-level reading for the signature-policy language. Fabric parses policies with
 * govaluate, so these helpers follow its lexer: Go's unicode.IsSpace between tokens, strings
 * opened by either quote and closed by either quote with backslash escaping any character,
 * numbers made of digits and dots (or `0x` hex), identifiers starting with a letter.
 */

/** Go's unicode.IsSpace (JavaScript's \s differs: it includes U+FEFF and lacks U+0085). */
export function isGoSpace(code: number): boolean {
  if (code <= 0xff) {
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || code === 0x85 || code === 0xa0;
  }
  return (
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

export function skipSpace(text: string, pos: number): number {
  let p = pos;
  while (p < text.length && isGoSpace(text.charCodeAt(p))) p++;
  return p;
}

export function isQuote(code: number): boolean {
  return code === 0x27 /* ' */ || code === 0x22; /* " */
}

export type Lexed<T> = { ok: true; value: T; end: number } | { ok: false; message: string; offset: number };

/** Reads a string literal whose opening quote is at `start`. */
export function readStringLiteral(text: string, start: number): Lexed<string> {
  const parts: string[] = [];
  let chunkStart = start + 1;
  let p = chunkStart;
  while (p < text.length) {
    const code = text.charCodeAt(p);
    if (code === 0x5c /* \ */) {
      if (p + 1 >= text.length) break;
      parts.push(text.slice(chunkStart, p), text.charAt(p + 1));
      p += 2;
      chunkStart = p;
      continue;
    }
    if (isQuote(code)) {
      parts.push(text.slice(chunkStart, p));
      return { ok: true, value: parts.join(''), end: p + 1 };
    }
    p++;
  }
  return { ok: false, message: 'unclosed string literal', offset: start };
}

/**
 * govaluate reads identifiers and numbers as runs of allowed characters that stop at whitespace,
 * and a backslash inside such a run takes the next character literally (so `O\\R` is `OR`).
 * `run` is a sticky pattern matching a maximal run of allowed characters (never whitespace or a
 * backslash), so megabyte-long runs are matched natively rather than character by character.
 * With `skipLeadingSpace`, whitespace before the first character is skipped (hex after `0x`).
 */
function readRun(text: string, start: number, run: RegExp, skipLeadingSpace = false): Lexed<string> {
  const parts: string[] = [];
  let length = 0;
  let p = start;
  for (;;) {
    if (skipLeadingSpace && length === 0) p = skipSpace(text, p);
    run.lastIndex = p;
    const chunk = run.exec(text)?.[0] ?? '';
    if (chunk !== '') {
      parts.push(chunk);
      length += chunk.length;
      p += chunk.length;
    }
    if (text.charCodeAt(p) !== 0x5c /* \ */) break;
    if (p + 1 >= text.length) return { ok: false, message: 'backslash at the end of the policy', offset: p };
    parts.push(text.charAt(p + 1));
    length++;
    p += 2;
  }
  return { ok: true, value: parts.join(''), end: p };
}

const LETTER = /^\p{L}$/u;
const IDENTIFIER_RUN = /(?:[\p{L}\p{Nd}_.]|[\u{10000}-\u{10FFFF}])*/uy;
const NUMERIC_RUN = /[\p{Nd}.]*/uy;
const HEX_RUN = /[\p{Nd}a-fA-F]*/uy;

/** Reads an identifier (gate name or a stray word) starting at `start`, or returns undefined. */
export function readIdentifier(text: string, start: number): Lexed<string> | undefined {
  const first = text.codePointAt(start);
  if (first === undefined || !LETTER.test(String.fromCodePoint(first))) return undefined;
  return readRun(text, start, IDENTIFIER_RUN);
}

const DECIMAL = /^(?:[0-9]+\.?[0-9]*|\.[0-9]+)$/;
const HEX = /^[0-9a-fA-F]+$/;
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;

/** Reads an unsigned number literal (decimal with optional fraction, or 0x hex) at `start`. */
export function readNumber(text: string, start: number): Lexed<number> {
  if (text.startsWith('0x', start) && start + 2 < text.length) {
    const run = readRun(text, start + 2, HEX_RUN, true);
    if (!run.ok) return run;
    const digits = run.value;
    if (!HEX.test(digits) || BigInt(`0x${digits}`) > UINT64_MAX) {
      return { ok: false, message: `invalid hexadecimal number '0x${truncate(digits)}'`, offset: start };
    }
    return { ok: true, value: Number(BigInt(`0x${digits}`)), end: run.end };
  }
  const run = readRun(text, start, NUMERIC_RUN);
  if (!run.ok) return run;
  const value = Number(run.value);
  if (!DECIMAL.test(run.value) || !Number.isFinite(value)) {
    return { ok: false, message: `invalid number '${truncate(run.value)}'`, offset: start };
  }
  return { ok: true, value, end: run.end };
}

export function isNumberStart(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || code === 0x2e;
}

const ROLES = new Set(['admin', 'member', 'client', 'peer', 'orderer']);
const MSP_ID = /^[A-Za-z0-9.-]+$/;

/**
 * Splits `'<MSPID>.<role>'` the way Fabric's principal regex does: the role is what follows the
 * last dot (roles contain no dot), the MSP ID is everything before it.
 */
export function splitPrincipal(value: string): { mspId: string; role: string } | undefined {
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const role = value.slice(dot + 1);
  const mspId = value.slice(0, dot);
  if (!ROLES.has(role) || !MSP_ID.test(mspId)) return undefined;
  return { mspId, role };
}

/** Shortens user text quoted in error messages (a principal can be megabytes long). */
export function truncate(value: string, max = 60): string {
  return value.length <= max ? value : `${value.slice(0, max)}…(${value.length} chars)`;
}
