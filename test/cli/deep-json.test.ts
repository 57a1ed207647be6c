import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringifyDeepJson } from '../../tools/src/cli/format/deep-json.ts';

describe('stringifyDeepJson', () => {
  it('writes what JSON.stringify(value, null, 2) writes for data of ordinary depth', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(stringifyDeepJson(value)).toBe(JSON.stringify(value, null, 2));
      }),
      { seed: 3, numRuns: 500 },
    );
    expect(stringifyDeepJson({ a: undefined, b: [], c: {} })).toBe(
      JSON.stringify({ a: undefined, b: [], c: {} }, null, 2),
    );
  });

  it('writes 100,000 levels as valid JSON of linear size, compact past the first levels', () => {
    let value: unknown = 0;
    for (let i = 0; i < 100_000; i++) value = { a: [value] };
    const text = stringifyDeepJson(value);
    expect(text.length).toBeLessThan(100_000 * 10);
    let parsed = JSON.parse(text) as unknown;
    for (let i = 0; i < 100_000; i++) parsed = (parsed as { a: unknown[] }).a[0];
    expect(parsed).toBe(0);
  });
});
