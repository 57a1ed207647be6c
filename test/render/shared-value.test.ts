// A shared value is deeply immutable (the YAML writer reuses its text), built once per key.
import { describe, expect, it } from 'vitest';
import { shared, sharedBy } from '../../tools/src/render/shared-value.ts';
import type { JsonObject } from '../../tools/src/render/types.ts';

describe('shared values', () => {
  it('are frozen all the way down, so a renderer cannot change one that other objects hold', () => {
    const value = shared({ a: { b: [{ c: 1 }] }, d: [] as number[] });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value.a.b[0])).toBe(true);
    expect(() => {
      (value.a.b[0] as { c: number }).c = 2;
    }).toThrow(TypeError);
    expect(() => value.d.push(1)).toThrow(TypeError);
  });

  it('are built once per key', () => {
    const cache = new Map<string, JsonObject>();
    let builds = 0;
    const build = (name: string) => () => {
      builds++;
      return { name };
    };
    const first = sharedBy(cache, 'x', build('x'));
    expect(sharedBy(cache, 'x', build('x'))).toBe(first);
    expect(sharedBy(cache, 'y', build('y'))).not.toBe(first);
    expect(builds).toBe(2);
  });
});
