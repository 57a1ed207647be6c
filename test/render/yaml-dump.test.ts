// dumpYaml must write exactly js-yaml's bytes: on generated values full of YAML's corner cases
// (indicators, comments, document markers, look-alike numbers and booleans, blank lines, invisible
// characters) at every depth, on text made of the characters its own scalar styling decides
// (printable ASCII and line feeds), and on every object of the example consortium and of a
// generated benchmark consortium; and what it writes reads back as the same data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { generateConsortium } from '../../bench/generate-consortium.ts';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { buildContexts } from '../../tools/src/render/context.ts';
import { renderMemberObjects } from '../../tools/src/render/render-consortium.ts';
import { shared } from '../../tools/src/render/shared-value.ts';
import type { JsonValue } from '../../tools/src/render/types.ts';
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

// Printable ASCII and line feeds, weighted towards what decides a style: spaces and line feeds at
// either end, indicators first, `: ` and ` #` inside, and words that read as numbers, booleans or null.
const asciiPieces = [
  ...[' ', ' ', '\n', '\n', ':', ': ', '#', ' #', '-', '- ', '?', '? ', "'", '"', '\\', '|', '>', '=', '<<'],
  ...[',', '[', ']', '{', '}', '&', '*', '!', '%', '@', '`', '~', '.', '...', '---', '/', '_', '+', '0'],
  ...['1', '12', '0x1F', '1e3', '1_000', '.5', '.inf', '1:20', '2026-06-01', 'true', 'False', 'yes', 'ON', 'n'],
  ...['null', 'NULL', 'a', 'name', 'fabric-peer', 'org-0001', 'echo "$X"'],
];
const ascii = fc.array(fc.constantFrom(...asciiPieces), { maxLength: 10 }).map((parts) => parts.join(''));
// Deep enough that block scalars are indented at several levels, under keys and in sequences.
const asciiValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'medium', maxDepth: 6 }, ascii, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 3 }),
  map: fc.dictionary(ascii, tie('value'), { maxKeys: 3 }),
})).value;

// JSON data, what rendered objects are: no undefined, NaN, infinities or -0 (which JSON has not).
const jsonScalar = fc.oneof(
  text,
  ascii,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
);
// Keys of one line: a multi-line key hands the document to js-yaml, whose output is what it is.
const jsonObject = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 5 }, jsonScalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(
    fc.oneof(text, ascii).filter((key) => !key.includes('\n')),
    tie('value'),
    { maxKeys: 4 },
  ),
})).map;

/** Top-level keys js-yaml writes as document markers (`--- a:`), which no reader loads: quoted here. */
const MARKER_KEY = /^(?:---|\.\.\.)[ \t]/;
const withoutMarkerKeys = (v: unknown): boolean =>
  typeof v !== 'object' || v === null || Array.isArray(v) || !Object.keys(v).some((key) => MARKER_KEY.test(key));

describe('dumpYaml', () => {
  it("writes js-yaml's bytes for any plain data", () => {
    fc.assert(
      fc.property(value.filter(withoutMarkerKeys), (v) => {
        expect(dumpYaml(v)).toBe(dump(v, DUMP_OPTIONS));
      }),
      { numRuns: 2000 },
    );
  });

  it('writes a shared (frozen) value as js-yaml does wherever it recurs, also from its remembered text', () => {
    fc.assert(
      fc.property(value.filter(withoutMarkerKeys), (v) => {
        const once = shared(structuredClone(v) as JsonValue);
        const doc = { a: once, b: [once, { c: once }], d: [[once]], e: { f: { g: once } } };
        const expected = dump(doc, DUMP_OPTIONS);
        expect(dumpYaml(doc)).toBe(expected);
        expect(dumpYaml(doc)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it("writes js-yaml's bytes for text of printable ASCII and line feeds, at every depth", () => {
    fc.assert(
      fc.property(asciiValue.filter(withoutMarkerKeys), (v) => {
        expect(dumpYaml(v)).toBe(dump(v, DUMP_OPTIONS));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes what reads back as the same data', () => {
    fc.assert(
      fc.property(jsonObject, (v) => {
        expect(load(dumpYaml(v))).toEqual(v);
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes a top-level key that would read as a document marker, where js-yaml does not', () => {
    const v = { '--- a': 1, '...': 2, '... b': [{ '--- c': 3 }], d: { '--- e': 4 } };
    expect(dumpYaml(v)).toBe("'--- a': 1\n...: 2\n'... b':\n  - --- c: 3\nd:\n  --- e: 4\n");
    expect(load(dumpYaml(v))).toEqual(v);
    expect(() => load(dump(v, DUMP_OPTIONS))).toThrow();
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
      for (const object of objects) {
        const text = dumpYaml(object);
        expect(text, object.metadata.name).toBe(dump(object, DUMP_OPTIONS));
        expect(load(text), object.metadata.name).toEqual(object);
      }
    });
  });

  it('writes every rendered object of a generated benchmark consortium as js-yaml does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yaml-dump-'));
    try {
      await generateConsortium({ dir, orgs: 12, channels: 4, chaincodes: 12 });
      const { model } = await loadRepository(createFilesystemReader(dir));
      if (model.consortium === undefined) throw new Error('the generated consortium has no consortium.yaml');
      const objects = buildContexts(model, model.consortium).flatMap(renderMemberObjects);
      expect(objects.length).toBeGreaterThan(300);
      for (const object of objects) {
        const text = dumpYaml(object);
        expect(text, object.metadata.name).toBe(dump(object, DUMP_OPTIONS));
        expect(load(text), object.metadata.name).toEqual(object);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
