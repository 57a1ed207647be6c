// Whatever bytes a file holds, loading it ends in data or diagnostics: never an exception.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultLoadLimits } from '../../tools/src/model/limits.ts';
import { loadDocument } from '../../tools/src/model/load-document.ts';
import { decodeText } from '../../tools/src/model/read-files.ts';
import type { DocumentKind } from '../../tools/src/model/schema-validator.ts';

const kinds: readonly DocumentKind[] = ['Consortium', 'Organization', 'Channel', 'Chaincode'];

// Fragments that exercise YAML's trickier corners, glued together at random.
const fragment = fc.constantFrom(
  'apiVersion: consortium.gitops/v1alpha1\n',
  'kind: Organization\n',
  'kind: Channel\n',
  'name: x\n',
  'members: [a, b]\n',
  '__proto__: {a: 1}\n',
  'a: &x [1, 2]\n',
  'b: *x\n',
  'c: *missing\n',
  '- item\n',
  '  nested: [\n',
  ']\n',
  '{',
  '}',
  '? complex\n: key\n',
  '---\n',
  '"unterminated\n',
  "'quoted'\n",
  '|\n  block\n',
  '\t\n',
  '!!binary aGVsbG8=\n',
  '!custom tag\n',
  '# comment [[[\n',
  'peers:\n  - name: p\n    stateDb: couchdb\n',
);

describe('loadDocument on arbitrary input', () => {
  it('never throws on random YAML-like text', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), fc.constantFrom(...kinds), (parts, kind) => {
        const text = parts.join('');
        const result = loadDocument({
          file: { path: 'f.yaml', size: text.length, text },
          kind,
          limits: defaultLoadLimits,
        });
        expect(result.data === undefined || result.diagnostics.length === 0).toBe(true);
        for (const d of result.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.constantFrom(...kinds), (bytes, kind) => {
        const decoded = decodeText(bytes);
        const file = { path: 'f.yaml', size: bytes.length, ...decoded };
        const result = loadDocument({ file, kind, limits: defaultLoadLimits });
        expect(result.data === undefined || result.diagnostics.length === 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
