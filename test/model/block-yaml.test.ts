// parseBlockYaml must return exactly what js-yaml's load (CORE_SCHEMA) returns for every document
// it accepts: same values (-0, NaN, Infinity, null), same key order, same types, and js-yaml must
// not fail on it. Compared on every YAML file of this repository, on a generated benchmark
// consortium, on js-yaml's own dumps of random values, and on thousands of generated and mutated
// documents. The accepted shares are printed: real repository files should almost all be
// accepted, mutated ones as they come.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { generateConsortium } from '../../bench/generate-consortium.ts';
import { parseBlockYaml } from '../../tools/src/model/block-yaml.ts';
import { DUMP_OPTIONS } from '../../tools/src/render/yaml-scalar.ts';
import {
  createRandom,
  generateDocument,
  generateLiteralDocument,
  generateValueDocument,
  mutateDocument,
} from './support/yaml-corpus.ts';

const repositoryRoot = join(import.meta.dirname, '..', '..');

/** Deep equality as a program reading the data would see it: Object.is on leaves, key order, prototypes. */
function sameData(a: unknown, b: unknown, path = '$'): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
    return Object.is(a, b) ? undefined : `${path}: ${show(a)} vs ${show(b)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs not`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: prototypes differ`;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.join('\u0000') !== keysB.join('\u0000'))
    return `${path}: keys ${JSON.stringify(keysA)} vs ${JSON.stringify(keysB)}`;
  for (const key of keysA) {
    const difference = sameData(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
    if (difference !== undefined) return difference;
  }
  return undefined;
}

function show(value: unknown): string {
  const text = Object.is(value, -0) ? '-0' : typeof value === 'string' ? JSON.stringify(value) : String(value);
  return `${text} (${typeof value})`;
}

interface Tally {
  documents: number;
  accepted: number;
  failures: string[];
}

/** Compares one document; records a failure when the fast parser accepts what js-yaml reads differently or rejects. */
function compare(tally: Tally, name: string, text: string): void {
  tally.documents++;
  const fast = parseBlockYaml(text);
  if (fast === undefined) return;
  tally.accepted++;
  let expected: unknown;
  try {
    expected = load(text, { schema: CORE_SCHEMA });
  } catch (error) {
    tally.failures.push(`${name}: accepted, but js-yaml fails: ${(error as Error).message}\n${text}`);
    return;
  }
  const difference = sameData(fast.value, expected);
  if (difference !== undefined) tally.failures.push(`${name}: ${difference}\n${JSON.stringify(text)}`);
}

function newTally(): Tally {
  return { documents: 0, accepted: 0, failures: [] };
}

function report(corpus: string, tally: Tally): void {
  const share = tally.documents === 0 ? 0 : (100 * tally.accepted) / tally.documents;
  console.log(
    `block-yaml ${corpus}: accepted ${tally.accepted} of ${tally.documents} (${share.toFixed(1)}%), ${tally.failures.length} differences`,
  );
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.ya?ml$/.test(e.name)).map((e) => join(e.parentPath, e.name));
}

describe('parseBlockYaml against js-yaml', () => {
  const scratch: string[] = [];
  afterAll(async () => {
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  it('reads every YAML file of the repository as js-yaml does', async () => {
    const files = execFileSync('git', ['ls-files', '-z', '*.yaml', '*.yml'], { cwd: repositoryRoot, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '');
    const tally = newTally();
    for (const file of files) compare(tally, file, await readFile(join(repositoryRoot, file), 'utf8'));
    report('repository files', tally);
    expect(tally.failures).toEqual([]);
    // The model files of the example consortium and fixtures are plain block YAML; what is declined
    // is hostile fixtures, multi-document manifests and flow mappings.
    expect(tally.documents).toBeGreaterThan(30);
    expect(tally.accepted / tally.documents).toBeGreaterThan(0.7);
  });

  it('accepts every file of a generated benchmark consortium, with js-yaml values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'block-yaml-'));
    scratch.push(dir);
    await generateConsortium({ dir, orgs: 40, channels: 8, chaincodes: 24, now: new Date('2026-01-01T00:00:00Z') });
    const tally = newTally();
    for (const file of await yamlFilesUnder(dir)) compare(tally, file, await readFile(file, 'utf8'));
    report('benchmark consortium', tally);
    expect(tally.failures).toEqual([]);
    expect(tally.documents).toBeGreaterThan(70);
    expect(tally.accepted).toBe(tally.documents);
  });

  it('reads generated block documents as js-yaml does', () => {
    const random = createRandom(20261130);
    const tally = newTally();
    for (let i = 0; i < 4000; i++) compare(tally, `generated #${i}`, generateDocument(random));
    report('generated documents', tally);
    expect(tally.failures.slice(0, 5)).toEqual([]);
    // The generator mostly stays inside the subset; a low share would mean the test tests little.
    expect(tally.accepted / tally.documents).toBeGreaterThan(0.4);
  });

  it('never accepts a mutated document that js-yaml reads differently or rejects', () => {
    const random = createRandom(7);
    const tally = newTally();
    for (let i = 0; i < 20000; i++) {
      compare(tally, `mutated #${i}`, mutateDocument(random, generateDocument(random)));
    }
    report('mutated documents', tally);
    expect(tally.failures.slice(0, 5)).toEqual([]);
    expect(tally.accepted).toBeGreaterThan(1000);
  });

  it('reads one-line values made of YAML indicators, and literal blocks of any indentation, as js-yaml does', () => {
    const random = createRandom(11);
    const values = newTally();
    for (let i = 0; i < 20000; i++) compare(values, `value #${i}`, generateValueDocument(random));
    report('indicator values', values);
    const literals = newTally();
    for (let i = 0; i < 20000; i++) compare(literals, `literal #${i}`, generateLiteralDocument(random));
    report('literal blocks', literals);
    expect([...values.failures, ...literals.failures].slice(0, 5)).toEqual([]);
    expect(values.accepted).toBeGreaterThan(3000);
    expect(literals.accepted).toBeGreaterThan(3000);
  });

  it("reads js-yaml's own dumps of random values as js-yaml does", () => {
    const pieces = [...['', ' ', '\n', ':', ': ', ' #', '#', '-', '- ', "'", '"', '|', '[', '{', '0x1F', '1e3', '-0']];
    const word = fc.array(fc.constantFrom(...pieces, 'true', 'null', '~', '.5', 'a', 'key', 'é'), { maxLength: 5 });
    const text = word.map((parts) => parts.join(''));
    const simple = fc.constantFrom('x', 'org-0001', 'hello world', '1.0.0', 'a: b', "it's", 'line\nline\n', 'é');
    const leaf = fc.oneof(text, simple, simple, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
    const key = fc.oneof(text, fc.constantFrom('a', 'name', '1', 'true', 'null', 'x.y'));
    const { map } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('value'), { minKeys: 1, maxKeys: 4 }),
    }));
    const tally = newTally();
    for (const [i, value] of fc.sample(map, { numRuns: 3000, seed: 42 }).entries()) {
      compare(tally, `dump #${i}`, dump(value, DUMP_OPTIONS));
    }
    report('js-yaml dumps', tally);
    expect(tally.failures.slice(0, 5)).toEqual([]);
  });

  it('declines what it does not follow, so the caller asks js-yaml', () => {
    const declined = [
      '',
      '# only a comment\n',
      '- a\n',
      'scalar\n',
      'a: 1\na: 2\n',
      '__proto__: 1\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '--- \na: 1\n',
      'a: 1\n---\nb: 2\n',
      '%YAML 1.2\n---\na: 1\n',
      'a:\tb\n',
      'a: 1\r\n',
      'a: >\n  folded\n',
      'a: |2\n  x\n',
      'a: multi\n  line\n',
      "a: 'multi\n  line'\n",
      'a: "esc\\n"\n',
      '? a\n: b\n',
      '"a": 1\n',
      'a: {b: 1}\n',
      'a: b: c\n',
      'a:b\n',
      '  a: 1\n',
      'a: \u{1F600}\n',
    ];
    for (const text of declined) expect(parseBlockYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('reads the values js-yaml reads', () => {
    const text = [
      '# header',
      'int: 0x1F',
      'neg: -0',
      'float: -0.0',
      'inf: -.inf',
      'nan: .NaN',
      'null: ~',
      'empty:',
      'bool: True',
      "quoted: 'it''s'",
      'text: a#b # comment',
      '1.0: one',
      'list:',
      '- x',
      '- name: y',
      '  tags: [a, 1]',
      'block: |+',
      '  line',
      '',
      'end: {}',
    ].join('\n');
    const parsed = parseBlockYaml(text);
    expect(parsed).toBeDefined();
    expect(sameData(parsed?.value, load(text, { schema: CORE_SCHEMA }))).toBeUndefined();
    const data = parsed?.value as Record<string, unknown>;
    expect(Object.is(data.neg, -0)).toBe(true);
    expect(Object.is(data.float, -0)).toBe(true);
    expect(data.inf).toBe(-Infinity);
    expect(Number.isNaN(data.nan)).toBe(true);
    expect(data).toMatchObject({ int: 31, null: null, empty: null, bool: true, quoted: "it's", text: 'a#b', 1: 'one' });
    expect(data.list).toEqual(['x', { name: 'y', tags: ['a', 1] }]);
    expect(data.block).toBe('line\n\n');
    expect(data.end).toEqual({});
  });
});
