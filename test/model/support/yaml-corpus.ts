// Random YAML documents for the block-yaml differential test: documents built from the productions
// of the block subset (block mappings and sequences at varied indents, compact mappings in
// sequence entries, sequences at their key's indent, plain / quoted / literal scalars full of
// look-alike numbers, booleans and nulls, comments and blank lines everywhere), and mutations of
// them that insert, delete or replace YAML's significant characters, re-indent lines, duplicate or
// drop lines. Deterministic: everything comes from one seeded generator.

/** mulberry32: a small, seedable PRNG, so every run tests the same documents. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    int,
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
  };
}

export interface Random {
  /** 0 <= result < n */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

const keys = [
  ...['a', 'b', 'c', 'name', 'kind', 'id', 'mspId', 'peers', 'storage', 'x_y', 'a.b', 'a/b', 'a-b', 'runs-on', '_'],
  ...['app.kubernetes.io/name', 'constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'],
  // Keys that js-yaml resolves (to numbers, booleans, null) before turning them into strings.
  ...[
    '1',
    '01',
    '1.0',
    '10',
    '2',
    '0',
    '007',
    '0x1F',
    '0o17',
    '0b101',
    '1e3',
    '1e400',
    '1_000',
    '12e-1',
    '9007199254740993',
  ],
  ...['true', 'True', 'TRUE', 'false', 'null', 'Null', 'NULL', 'nan', 'inf', 'y', 'n', 'yes', 'on', 'off'],
];

const plainScalars = [
  ...['x', 'hello world', 'org-0001', 'Org0001MSP', 'consortium.gitops/v1alpha1', '100Gi', '2s', '10 MB', 'V2_0'],
  ...['1', '-1', '+1', '0', '-0', '+0', '007', '08', '1.0.0', '0.0', '-0.0', '.5', '-.5', '1.', '1e3', '1E3', '1e+3'],
  ...['1e400', '-1e400', '.inf', '-.inf', '+.Inf', '.INF', '.nan', '.NaN', '.NAN', 'NaN', 'Infinity', '0x1F', '0x'],
  ...['0o17', '0o8', '0b101', '-0x1F', '1_000', '12:30', '9007199254740993', '123456789012345678901234567890'],
  ...['null', 'Null', 'NULL', 'nULL', '~', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'yes', 'no', 'on', 'y'],
  ...['a:b', 'a#b', 'a #b', 'http://x.example/y?z=1#frag', '${{ github.event.number }}', 'a [b]'],
  ...['a, b', 'a{b}', '-x', '--x', '.x', '=', '<<', '2001-12-14', '2001-12-14t21:59:43.10-05:00', 'ünïcode'],
  ...['日本語', "it's", 'say "hi"', 'back\\slash', 'x!', 'a~', 'é', 'a  b', 'a\u00a0b', "OR('A.member', 'B.member')"],
];

/** Plain-looking values that are not one-line plain scalars of the subset (indicators, markers, mappings). */
const declinedScalars = [
  '-',
  'a: b',
  'a:',
  "'unterminated",
  '"unterminated',
  '?x',
  ':x',
  '%x',
  '@x',
  '`x`',
  '&a',
  '*a',
  '!t',
  '|',
  '>',
  '{a: 1}',
  '---',
  '...',
  '- x',
  '#x',
];

const quotedScalars = [
  "''",
  "'x'",
  "'it''s'",
  "''''",
  "'a: b # c'",
  "'1'",
  "'null'",
  "' padded '",
  '""',
  '"x"',
  '"1"',
  '"true"',
  '"a: b # c"',
  '"it\'s"',
  '"esc\\n"',
  '"\\"q\\""',
  '" padded "',
];

const flowValues = ['[]', '{}', '[a]', '[a, b]', '[ a , b ]', '[1, true, null, 0x1F]', '[ ]'];
const declinedFlowValues = ['[a b]', '[a,]', '[a: b]', '{a: 1}', '[a, [b]]', '[a]]'];
const comments = ['# comment', '#', '# a: b', "# - x '", '#: tricky', '#|'];
const literalLines = [
  'text',
  'a: b',
  '- x',
  '# not a comment',
  'it\'s "quoted"',
  '  more indented',
  'trailing  ',
  'x: |',
  '---',
  '...',
];

/** A document of the block subset (mostly accepted by the parser under test). */
export function generateDocument(random: Random): string {
  const lines = generateMapping(random, 0, 0, false);
  const text = lines.join('\n');
  return random.chance(0.9) ? `${text}\n` : text;
}

function pad(n: number): string {
  return ' '.repeat(n);
}

function decorations(random: Random, indent: number): string[] {
  const out: string[] = [];
  if (random.chance(0.1)) out.push('');
  if (random.chance(0.05)) out.push(pad(random.int(8)));
  if (random.chance(0.1)) out.push(pad(random.chance(0.5) ? indent : random.int(8)) + random.pick(comments));
  return out;
}

function trailingComment(random: Random): string {
  return random.chance(0.15) ? `${pad(1 + random.int(2))}${random.pick(comments)}` : '';
}

function scalar(random: Random): string {
  const roll = random.int(80);
  if (roll < 52) return random.pick(plainScalars);
  if (roll < 68) return random.pick(quotedScalars);
  if (roll < 78) return random.pick(flowValues);
  return random.pick(random.chance(0.5) ? declinedScalars : declinedFlowValues);
}

/** Lines of a block mapping at `indent`; with `compact`, its first line is a key line (no decorations before it). */
function generateMapping(random: Random, indent: number, depth: number, compact: boolean): string[] {
  const lines: string[] = [];
  const count = 1 + random.int(depth === 0 ? 6 : 4);
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    if (i > 0 || !compact) lines.push(...decorations(random, indent));
    let key = random.pick(keys);
    // Mostly distinct keys: duplicates are declined, and they also come from mutations.
    while (used.has(key) && random.chance(0.95)) key = random.pick(keys);
    used.add(key);
    const head = `${pad(indent)}${key}:`;
    lines.push(...generateValue(random, head, indent, depth, true));
  }
  return lines;
}

/** Lines of a block sequence whose dashes are at `indent`. */
function generateSequence(random: Random, indent: number, depth: number): string[] {
  const lines: string[] = [];
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    if (i > 0) lines.push(...decorations(random, indent));
    const gap = random.chance(0.85) ? 1 : 2 + random.int(2);
    const roll = random.int(10);
    if (roll < 4 && depth < 6) {
      // A compact mapping: its keys are in the column after `- `.
      const column = indent + 1 + gap;
      const mapping = generateMapping(random, column, depth + 1, true);
      mapping[0] = `${pad(indent)}-${pad(gap)}${(mapping[0] ?? '').slice(column)}`;
      lines.push(...mapping);
    } else if (roll < 5) {
      lines.push(...generateLiteral(random, `${pad(indent)}-${pad(gap)}`, indent));
    } else {
      lines.push(`${pad(indent)}-${pad(gap)}${scalar(random)}${trailingComment(random)}`);
    }
  }
  return lines;
}

/** The value after `head` (`key:`), as lines starting with head's line. */
function generateValue(random: Random, head: string, indent: number, depth: number, inMapping: boolean): string[] {
  const roll = random.int(20);
  const step = random.pick([1, 2, 2, 2, 3, 4]);
  if (roll < 9 || depth >= 6) return [`${head} ${scalar(random)}${trailingComment(random)}`];
  if (roll < 11) return generateLiteral(random, `${head} `, indent);
  if (roll < 12) return [`${head}${trailingComment(random)}`];
  if (roll < 16)
    return [`${head}${trailingComment(random)}`, ...generateMapping(random, indent + step, depth + 1, false)];
  // A sequence below its key, or at the key's own indent.
  const at = inMapping && random.chance(0.3) ? indent : indent + step;
  return [`${head}${trailingComment(random)}`, ...generateSequence(random, at, depth + 1)];
}

/** A literal block scalar whose header follows `head`, content more indented than `parentIndent`. */
function generateLiteral(random: Random, head: string, parentIndent: number): string[] {
  const chomping = random.pick(['', '', '-', '+']);
  const lines = [`${head}|${chomping}${random.chance(0.1) ? ' # header comment' : ''}`];
  const contentIndent = parentIndent + 1 + random.int(3);
  if (random.chance(0.1)) lines.push(pad(random.int(contentIndent + 1)));
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    // A more-indented first line would set a deeper content indent for the lines after it.
    const line = random.pick(literalLines);
    lines.push(`${pad(contentIndent)}${i === 0 ? line.trimStart() : line}`);
    if (random.chance(0.2)) lines.push(random.chance(0.5) ? '' : pad(random.int(contentIndent + 3)));
  }
  if (random.chance(0.3)) lines.push('');
  if (random.chance(0.1)) lines.push(pad(random.int(contentIndent + 2)));
  return lines;
}

const mutationCharacters = [
  ...[':', '#', '-', "'", '"', '\t', '\n', '|', '>', '&', '*', '!', '[', ']', '{', '}', '?', '%', '@', '`', '~', '.'],
  ...[' ', ' ', ' ', ',', '\\', '\r', '+', '0', '1', '9', 'e', 'x', ': ', ' #', '- ', '\n- ', '\n  '],
];

/** `text` with one to three random edits. */
export function mutateDocument(random: Random, text: string): string {
  let result = text;
  const edits = 1 + random.int(3);
  for (let i = 0; i < edits; i++) result = mutateOnce(random, result);
  return result;
}

function mutateOnce(random: Random, text: string): string {
  const at = random.int(text.length + 1);
  const roll = random.int(10);
  if (roll < 3) return text.slice(0, at) + random.pick(mutationCharacters) + text.slice(at);
  if (roll < 5) return text.slice(0, at) + text.slice(at + 1 + random.int(2));
  if (roll < 7) return text.slice(0, at) + random.pick(mutationCharacters) + text.slice(at + 1);
  const lines = text.split('\n');
  const line = random.int(lines.length);
  const target = lines[line] ?? '';
  if (roll < 8) {
    // Re-indent one line by -2..+2 columns.
    const shift = random.pick([-2, -1, 1, 2]);
    lines[line] = shift > 0 ? pad(shift) + target : target.replace(new RegExp(`^ {0,${-shift}}`), '');
  } else if (roll < 9) {
    // Duplicate a line (a duplicate key, or an extra entry) next to itself or elsewhere.
    lines.splice(random.chance(0.5) ? line : random.int(lines.length), 0, target);
  } else {
    lines.splice(line, 1);
  }
  return lines.join('\n');
}

const valueCharacters = [...'a :#-?\'"[]{},.01e+x~!&*|>%@`\\nultrfINF_/='];
const keyCharacters = [...'a1.0_-/eEnNtTx'];

/** A small document around one short value made of YAML's significant characters, in one of several positions. */
export function generateValueDocument(random: Random): string {
  const value = Array.from({ length: random.int(7) }, () => random.pick(valueCharacters)).join('');
  const key = Array.from({ length: 1 + random.int(4) }, () => random.pick(keyCharacters)).join('');
  switch (random.int(5)) {
    case 0:
      return `${key}: ${value}\n`;
    case 1:
      return `a:\n  - ${value}\n`;
    case 2:
      return `${key}: ${value} # c\nb: 1\n`;
    case 3:
      return `z:\n- ${key}: ${value}\n  ${key}x: 1\n`;
    default:
      return `${key}:${value}\n`;
  }
}

/** A literal block scalar with random chomping, header comments, indentation and blank lines, then perhaps more. */
export function generateLiteralDocument(random: Random): string {
  const topLevel = random.chance(0.5);
  const indent = topLevel ? 0 : 2;
  const lines = [
    `${topLevel ? '' : random.pick(['x:\n  ', 'x:\n- '])}a: |${random.pick(['', '-', '+', ' ', '  # c', '- #c', '+ '])}`,
  ];
  for (let i = random.int(6); i > 0; i--) {
    lines.push(pad(random.int(7)) + random.pick(['', '', 't', '# c', 'k: v', '- x', ' ', 'z  ']));
  }
  if (random.chance(0.5)) lines.push(pad(indent) + random.pick(['b: 1', '# end', 'c:', '- y']));
  const text = lines.join('\n');
  return random.chance(0.7) ? `${text}\n` : text;
}
