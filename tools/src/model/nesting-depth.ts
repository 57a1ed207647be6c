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
