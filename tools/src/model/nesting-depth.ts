/**
 * A cheap, linear pre-scan that over-estimates how deeply a YAML text nests, run before parsing.
 * The `yaml` package builds documents recursively: tens of thousands of `[` or `- ` levels exhaust
 * the stack. It happens to catch that RangeError today, but a guard of our own keeps the loader
 * from depending on it and gives a clear message instead.
 *
 * Flow collections count their open brackets (outside quotes and comments); block collections
 * count the indentation and the `- `, `? `, `: ` indicators that start a line, since every level
 * of block nesting costs at least one of those characters. Over-estimating is fine: real files
 * nest about five levels and the limit is far above that.
 */
export interface NestingExcess {
  /** 0-based offset where the limit was exceeded. */
  readonly offset: number;
  readonly depth: number;
}

export function findExcessiveNesting(text: string, limit: number): NestingExcess | undefined {
  return mayNestDeeperThan(text, limit) ? scanNesting(text, limit) : undefined;
}

/** The character-by-character scan; findExcessiveNesting skips it when two native searches show it would find nothing. */
export function scanNesting(text: string, limit: number): NestingExcess | undefined {
  let flowDepth = 0;
  let lineStart = true;
  let blockDepth = 0;
  let quote: '' | '"' | "'" = '';
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      lineStart = true;
      blockDepth = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote !== '') {
      if (quote === '"' && c === 92 /* \\ */) i++;
      else if (text[i] === quote) quote = '';
      continue;
    }
    if (lineStart) {
      // Spaces and the block indicators -, ?, : at the start of a line.
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) {
        blockDepth++;
        if (blockDepth > limit * 4) return { offset: i, depth: Math.floor(blockDepth / 2) };
        continue;
      }
      lineStart = false;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      flowDepth++;
      if (flowDepth > limit) return { offset: i, depth: flowDepth };
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      if (flowDepth > 0) flowDepth--;
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
      // A quote opens a quoted scalar only where a scalar can start, not inside `it's`.
      if (isSpace(prev) || prev === 91 || prev === 123 || prev === 44 || prev === 58) {
        quote = c === 34 ? '"' : "'";
      }
    } else if (c === 35 /* # */) {
      if (i === 0 || isSpace(text.charCodeAt(i - 1))) comment = true;
    }
  }
  return undefined;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Patterns for a run of the characters that count as block depth, long enough to pass the limit, by limit. */
const longRuns = new Map<number, RegExp>();

/**
 * Whether scanNesting could find anything, by two bounds found in native string searches (the scan
 * runs over every file before it is parsed, mostly before V8 compiles it): the flow depth never
 * exceeds the number of `[` and `{` in the text, and a block depth counts one unbroken run of
 * spaces, tabs, `-`, `?` and `:` (after a line feed, or after a quote that closes on a later line).
 */
function mayNestDeeperThan(text: string, limit: number): boolean {
  if (!Number.isInteger(limit) || limit < 0 || limit > 10_000) return true;
  let brackets = 0;
  for (let i = text.indexOf('['); i !== -1 && brackets <= limit; i = text.indexOf('[', i + 1)) brackets++;
  for (let i = text.indexOf('{'); i !== -1 && brackets <= limit; i = text.indexOf('{', i + 1)) brackets++;
  if (brackets > limit) return true;
  let longRun = longRuns.get(limit);
  if (longRun === undefined) {
    // Anchored at the start of a run, so that each run is tried once.
    longRun = new RegExp(`(?:^|[^ \\t?:-])[ \\t?:-]{${limit * 4 + 1}}`);
    longRuns.set(limit, longRun);
  }
  return longRun.test(text);
}
