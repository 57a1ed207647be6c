// The validators precompiled into tools/src/model/schema-validators.generated.js: current with the
// schemas, and judging every document as the validators Ajv compiles at run time do (verdict,
// errors, defaults filled in).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import * as precompiled from '../../tools/src/model/schema-validators.generated.js';
import { SCHEMA_VALIDATORS_FILE, schemaValidatorsSource } from '../../tools/src/model/schema-validators-source.ts';
import { createAjv, schemaDigest, schemasByKind, type DocumentKind } from '../../tools/src/model/schema-validator.ts';
import { projectRoot } from '../support/example-repo.ts';

const examples: Record<DocumentKind, string> = {
  Consortium: 'consortium/consortium.yaml',
  Organization: 'orgs/manufacturer/org.yaml',
  Channel: 'channels/traceability/channel.yaml',
  Chaincode: 'channels/traceability/chaincodes/provenance.yaml',
};

/** The example document and a few mistakes of each kind. */
function documents(kind: DocumentKind): unknown[] {
  const valid = load(readFileSync(join(projectRoot, examples[kind]), 'utf8')) as Record<string, unknown>;
  const [firstKey] = Object.keys(valid).filter((k) => k !== 'apiVersion' && k !== 'kind');
  return [
    valid,
    { ...valid, unexpected: true },
    { ...valid, kind: 'Nothing' },
    Object.fromEntries(Object.entries(valid).filter(([k]) => k !== firstKey)),
    { ...valid, [firstKey ?? 'name']: { nested: [1, 'two', null] } },
    Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, typeof v === 'string' ? '' : v])),
    [],
    'text',
  ];
}

describe('precompiled schema validators', () => {
  it(`${SCHEMA_VALIDATORS_FILE} is current (else run: node --import tsx scripts/generate-schema-validators.ts)`, () => {
    expect(precompiled.schemaDigest).toBe(schemaDigest());
    expect(readFileSync(join(projectRoot, SCHEMA_VALIDATORS_FILE), 'utf8')).toBe(schemaValidatorsSource());
  });

  it.each(Object.keys(examples) as DocumentKind[])(
    'judge %s documents as the validators compiled at run time do',
    (kind) => {
      const compiled = createAjv().compile(schemasByKind[kind]);
      const validate = precompiled[kind];
      let invalid = 0;
      for (const document of documents(kind)) {
        const [a, b] = [structuredClone(document), structuredClone(document)];
        const verdict = compiled(a);
        expect(validate(b)).toBe(verdict);
        expect(b).toEqual(a);
        expect(validate.errors ?? null).toEqual(compiled.errors ?? null);
        if (!verdict) invalid++;
      }
      expect(invalid).toBeGreaterThanOrEqual(5);
    },
  );
});
