// JSON.stringify(value, null, 2) without recursion. V8's JSON.stringify recurses and overflows
// the stack at a few thousand levels; a policy envelope may legitimately nest 4,996 gates, three
// JSON levels each (rule > nOutOf > rules). Indentation stops at PRETTY_LEVELS: past it, values
// are written compactly, since indenting every level makes the output quadratic in the depth
// (hundreds of megabytes for the deepest policy) and nobody reads that far in anyway.

const PRETTY_LEVELS = 64;

/** Text to emit, or a value to expand at a nesting level. */
type Work = string | { readonly value: unknown; readonly level: number };

/** For plain data: null, booleans, finite numbers, strings, arrays and plain objects. */
export function stringifyDeepJson(value: unknown): string {
  const out: string[] = [];
  const work: Work[] = [{ value, level: 0 }];
  while (work.length > 0) {
    const item = work.pop() as Work;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    const { value: current, level } = item;
    if (current === null || typeof current !== 'object') {
      out.push(JSON.stringify(current));
      continue;
    }
    const entries: (readonly [string | undefined, unknown])[] = Array.isArray(current)
      ? (current as readonly unknown[]).map((v) => [undefined, v] as const)
      : Object.entries(current).filter(([, v]) => v !== undefined);
    const [open, close] = Array.isArray(current) ? ['[', ']'] : ['{', '}'];
    if (entries.length === 0) {
      out.push(`${open}${close}`);
      continue;
    }
    const pretty = level < PRETTY_LEVELS;
    const inner = pretty ? `\n${'  '.repeat(level + 1)}` : '';
    out.push(open);
    work.push(pretty ? `\n${'  '.repeat(level)}${close}` : close);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i] as readonly [string | undefined, unknown];
      work.push({ value: v, level: level + 1 });
      const name = key === undefined ? '' : `${JSON.stringify(key)}:${pretty ? ' ' : ''}`;
      work.push(`${i > 0 ? ',' : ''}${inner}${name}`);
    }
  }
  return out.join('');
}
