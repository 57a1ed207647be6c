// findExcessiveNesting skips its character scan when two native searches bound the depths below
// the limit: it must answer exactly as the scan itself (scanNesting) on every text, including
// texts near the limit, with quotes and comments around brackets, and runs of block indicators.
import { describe, expect, it } from 'vitest';
import { findExcessiveNesting, scanNesting } from '../../tools/src/model/nesting-depth.ts';
import { createRandom, generateDocument, mutateDocument } from './support/yaml-corpus.ts';

const pieces = [
  '[',
  '{',
  ']',
  '}',
  ' ',
  '  ',
  '\t',
  '-',
  '- ',
  '?',
  ':',
  ': ',
  '\n',
  '"',
  "'",
  '\\',
  '#',
  'a',
  'it',
  ',',
];

describe('findExcessiveNesting', () => {
  it('answers as the full scan on generated, mutated and bracket-heavy texts at small and default limits', () => {
    const random = createRandom(99);
    let flagged = 0;
    for (let i = 0; i < 6000; i++) {
      let text: string;
      if (i % 3 === 0) text = generateDocument(random);
      else if (i % 3 === 1) text = mutateDocument(random, generateDocument(random));
      else text = Array.from({ length: random.int(120) }, () => random.pick(pieces)).join('');
      for (const limit of [0, 1, 2, 3, 5, 8, 64]) {
        const expected = scanNesting(text, limit);
        if (expected !== undefined) flagged++;
        expect(findExcessiveNesting(text, limit), `${JSON.stringify(text)} at ${limit}`).toEqual(expected);
      }
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(flagged).toBeGreaterThan(5000);
  });

  it('still finds a long run of indentation after a quote that closes on a later line', () => {
    const text = `a: 'x\n'${' '.repeat(300)}b\n`;
    expect(scanNesting(text, 64)).toBeDefined();
    expect(findExcessiveNesting(text, 64)).toEqual(scanNesting(text, 64));
  });
});
