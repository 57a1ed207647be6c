import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFast } from '../../tools/src/model/fast-parse.ts';
import { defaultLoadLimits } from '../../tools/src/model/limits.ts';
import { findExcessiveNesting } from '../../tools/src/model/nesting-depth.ts';
import { parseYamlTree } from '../../tools/src/model/yaml-tree.ts';

const limits = defaultLoadLimits;
const parse = (text: string) => parseYamlTree(text, { file: 'f.yaml', limits });

describe('parseYamlTree', () => {
  it('records the position of every value, of keys, and of empty values at their key', () => {
    const tree = parse('a:\n  b: [1, "two"]\n  c:\nlist:\n  - name: x\n    n: 2\n');
    const at = (path: string) => {
      const p = tree.positions[path];
      return p && [p.line, p.column];
    };
    expect(at('')).toEqual([1, 1]);
    expect(at('a.b')).toEqual([2, 6]);
    expect(at('a.b.1')).toEqual([2, 10]);
    expect(at('a.c')).toEqual([3, 3]);
    expect(at('list.0.n')).toEqual([6, 8]);
    expect(tree.keyPositions['list.0.n']).toMatchObject({ line: 6, column: 5 });
    expect(tree.value).toEqual({ a: { b: [1, 'two'], c: null }, list: [{ name: 'x', n: 2 }] });
  });

  it('builds objects without a prototype', () => {
    const tree = parse('__proto__:\n  x: 1\n');
    const value = tree.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(Object.keys(value)).toEqual(['__proto__']);
  });

  it('locates a copied anchor at the alias, not at the anchor', () => {
    const tree = parse('a: &x {k: 1}\nb: *x\n');
    expect(tree.positions['b']).toMatchObject({ line: 2, column: 4 });
    expect(tree.positions['b.k']).toBeUndefined();
    expect(tree.value).toEqual({ a: { k: 1 }, b: { k: 1 } });
  });

  it('rejects keys that are not scalars', () => {
    const tree = parse('? [a, b]\n: 1\n');
    expect(tree.diagnostics.map((d) => [d.rule, d.line, d.message])).toEqual([
      ['yaml-syntax', 1, 'the document: mapping keys must be plain strings'],
    ]);
  });

  it('reports syntax errors at their line', () => {
    const tree = parse('a: 1\nb: [unclosed\nc: 3\n');
    expect(tree.value).toBeUndefined();
    expect(tree.diagnostics[0]).toMatchObject({ rule: 'yaml-syntax', file: 'f.yaml' });
    expect(tree.diagnostics[0]?.line).toBeGreaterThanOrEqual(2);
  });
});

describe('the fast path reads the same values as the document API', () => {
  const files = [
    'consortium/consortium.yaml',
    'orgs/manufacturer/org.yaml',
    'channels/traceability/channel.yaml',
    'channels/traceability/chaincodes/provenance.yaml',
  ];
  it.each(files)('%s', (file) => {
    const text = readFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), 'utf8');
    expect(parseFast(text, limits)?.value).toEqual({ ...(parse(text).value as object) });
  });

  it('for scalars that differ between YAML 1.1 and 1.2', () => {
    const text = 'a: 2024-01-01\nb: 0o17\nc: 1_000\nd: yes\ne: .inf\nf: 0x1F\ng: ~\nh: 1.0\ni: "1.0"\n"<<": {x: 1}\n';
    expect(parseFast(text, limits)?.value).toEqual({ ...(parse(text).value as object) });
  });

  it('gives up (for the slow path to explain) on duplicates, several documents and alias bombs', () => {
    expect(parseFast('a: 1\na: 2\n', limits)).toBeUndefined();
    expect(parseFast('a: 1\n---\nb: 2\n', limits)).toBeUndefined();
    expect(
      parseFast('a: &a [1, 1, 1, 1]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n', { ...limits, maxNodes: 50 }),
    ).toBeUndefined();
    expect(parseFast('a: &a [*a]\n', limits)).toBeUndefined();
  });
});

describe('findExcessiveNesting', () => {
  it('ignores brackets inside quotes and comments', () => {
    const text = `a: "${'['.repeat(500)}"\nb: '${'{'.repeat(500)}'\n# ${'['.repeat(500)}\nc: it's [fine]\n`;
    expect(findExcessiveNesting(text, 64)).toBeUndefined();
  });

  it('finds runaway flow nesting and its offset', () => {
    expect(findExcessiveNesting(`a: ${'['.repeat(70)}`, 64)).toEqual({ offset: 3 + 64, depth: 65 });
  });

  it('counts block indicators and indentation at the start of a line', () => {
    expect(findExcessiveNesting(`${'- '.repeat(200)}x`, 64)).toBeDefined();
    expect(findExcessiveNesting('a:\n  b:\n    - c: 1\n      d: [1, {e: 2}]\n', 64)).toBeUndefined();
  });
});
