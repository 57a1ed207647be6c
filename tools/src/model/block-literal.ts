// Literal block scalars (`|`, `|-`, `|+`) for block-yaml.ts, read exactly as js-yaml 5 reads them:
// which lines belong to the scalar as its readBlockScalar decides, the value as its getBlockValue
// builds it (dist/js-yaml.mjs). An indentation indicator, an empty scalar, or leading blank lines
// longer than the content's indent (an error in js-yaml) are declined.

export interface LiteralBlock {
  readonly value: string;
  /** Start of the first line after the scalar (or the text's length). */
  readonly next: number;
}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const PLUS = 0x2b;

/**
 * The literal block scalar whose `|` is at `header`, on a line ending at `headerEnd`, as the value
 * of a collection whose indent is `parentIndent`: its content lines are indented more than that.
 */
export function readLiteralBlock(
  text: string,
  options: { readonly header: number; readonly headerEnd: number; readonly parentIndent: number },
): LiteralBlock | undefined {
  const { header, headerEnd, parentIndent } = options;
  let position = header + 1;
  const indicator = text.charCodeAt(position);
  const chomping = indicator === DASH ? 'strip' : indicator === PLUS ? 'keep' : 'clip';
  if (chomping !== 'clip') position++;
  // After the indicators: spaces, then perhaps a comment (which needs a space before its `#`).
  const indicatorsEnd = position;
  while (text.charCodeAt(position) === SPACE) position++;
  if (position < headerEnd && (text.charCodeAt(position) !== HASH || position === indicatorsEnd)) return undefined;

  const length = text.length;
  let contentIndent = -1;
  let maxLeadingIndent = 0;
  let value = '';
  let readContent = false;
  let emptyLines = 0;
  let lineStart = headerEnd + 1;
  while (lineStart < length) {
    let lineEnd = text.indexOf('\n', lineStart);
    const terminated = lineEnd !== -1;
    if (!terminated) lineEnd = length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === SPACE) i++;
    const column = i - lineStart;
    if (i === lineEnd) {
      // A line of spaces: empty, or (beyond the content indent) content made of the extra spaces.
      // js-yaml leaves out a last, unterminated line of spaces no longer than the content indent.
      if (contentIndent === -1) {
        if (column > maxLeadingIndent) maxLeadingIndent = column;
        emptyLines++;
      } else if (column > contentIndent) {
        value += '\n'.repeat(readContent ? 1 + emptyLines : emptyLines) + text.slice(lineStart + contentIndent, i);
        readContent = true;
        emptyLines = 0;
      } else if (terminated) {
        emptyLines++;
      }
      lineStart = lineEnd + 1;
      continue;
    }
    if (contentIndent === -1) {
      // The first content line sets the indent.
      if (column <= parentIndent || column < maxLeadingIndent) return undefined;
      contentIndent = column;
    } else if (column < contentIndent) {
      break;
    }
    value += '\n'.repeat(readContent ? 1 + emptyLines : emptyLines) + text.slice(lineStart + contentIndent, lineEnd);
    readContent = true;
    emptyLines = 0;
    lineStart = lineEnd + 1;
  }
  if (contentIndent === -1) return undefined;
  // Chomping: keep every final line break, clip to one, strip them all.
  if (chomping === 'keep') value += '\n'.repeat(readContent ? 1 + emptyLines : emptyLines);
  else if (chomping === 'clip' && readContent) value += '\n';
  return { value, next: Math.min(lineStart, length) };
}
