// dumpYaml must write exactly js-yaml's bytes: on generated values full of YAML's corner cases
// (indicators, comments, document markers, look-alike numbers and booleans, blank lines, invisible
// characters) at every depth, and on every object of the example consortium.
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { buildContexts } from '../../tools/src/render/context.ts';
import { renderMemberObjects } from '../../tools/src/render/render-consortium.ts';
import { dumpYaml, DUMP_OPTIONS } from '../../tools/src/render/yaml-dump.ts';
import { loadExampleModel } from './support/render-fixtures.ts';

const pieces = [
  ...['', ' ', '  ', '\n', '\n\n', '\t', '\r', ':', ': ', ' #', '#', '-', '- ', '?', '? ', '"', "'", '\\'],
  ...['...', '---', 'true', 'false', 'null', 'Null', '~', 'y', 'No', '0x1F', '0o7', '1e3', '007', '12', '-0', '.5'],
  ...['.inf', '=', '<<', '|', '>', '[', ']', '{', '}', ',', '&a', '*a', '!tag', '%', '@', '`', 'a', 'key'],
  ...['é', '\u2028', '\uFEFF', '\u00a0', '\x07', '\x7f', '😀', 'a'.repeat(90)],
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 8 }).map((parts) => parts.join(''));
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(-0),
  fc.constant(undefined),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
}));

describe('dumpYaml', () => {
  it("writes js-yaml's bytes for any plain data", () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(dumpYaml(v)).toBe(dump(v, DUMP_OPTIONS));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands what its layout does not cover to js-yaml: long and multi-line keys', () => {
    for (const v of [{ ['k'.repeat(2000)]: 1 }, { 'a\nb': [1] }, { nested: { 'x\ny': { z: '' } } }]) {
      expect(dumpYaml(v)).toBe(dump(v, DUMP_OPTIONS));
    }
    expect(dumpYaml({ text: 'ends with blank lines\n\n' })).toMatch(/\n\.\.\.\n$/);
    expect(() => dumpYaml({ f: () => 1 })).toThrow(/unacceptable kind/);
  });

  describe('on the example consortium', () => {
    let model: ConsortiumModel;
    beforeAll(async () => {
      model = await loadExampleModel();
    });

    it('writes every rendered object as js-yaml does', () => {
      if (model.consortium === undefined) throw new Error('the example has no consortium.yaml');
      const objects = buildContexts(model, model.consortium).flatMap(renderMemberObjects);
      expect(objects.length).toBeGreaterThan(100);
      for (const object of objects) expect(dumpYaml(object), object.metadata.name).toBe(dump(object, DUMP_OPTIONS));
    });
  });
});
