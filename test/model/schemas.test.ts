import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { checkSchema, schemasByKind } from '../../tools/src/model/schema-validator.ts';
import type { DocumentKind } from '../../tools/src/model/schema-validator.ts';
import { schemaRuleKeyword, schemaRuleWordings } from '../../tools/src/model/schema-rules.ts';
import { rules } from '../../tools/src/rules/index.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/model/${name}/`, import.meta.url));

const exampleFiles: readonly [DocumentKind, string][] = [
  ['Consortium', 'consortium/consortium.yaml'],
  ['Organization', 'orgs/manufacturer/org.yaml'],
  ['Organization', 'orgs/logistics/org.yaml'],
  ['Organization', 'orgs/retailer/org.yaml'],
  ['Channel', 'channels/traceability/channel.yaml'],
  ['Channel', 'channels/recalls/channel.yaml'],
  ['Chaincode', 'channels/traceability/chaincodes/provenance.yaml'],
  ['Chaincode', 'channels/recalls/chaincodes/recall-notices.yaml'],
];

describe('JSON Schemas', () => {
  it.each(exampleFiles)('the example %s file %s names its schema on its first line', (kind, file) => {
    const firstLine = readFileSync(join(projectRoot, file), 'utf8').split('\n', 1)[0] ?? '';
    const match = /^# yaml-language-server: \$schema=(\S+)$/.exec(firstLine);
    expect(match).not.toBeNull();
    const schemaPath = join(projectRoot, dirname(file), match?.[1] ?? '');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { title: string };
    expect(schema.title).toBe(kind);
  });

  it.each(Object.entries(schemasByKind))(
    'every property of the %s schema has a description (editor hover text)',
    (_kind, schema) => {
      const missing: string[] = [];
      const visit = (node: unknown, path: string): void => {
        if (typeof node !== 'object' || node === null) return;
        const record = node as Record<string, unknown>;
        const properties = record['properties'];
        if (typeof properties === 'object' && properties !== null) {
          for (const [name, child] of Object.entries(properties)) {
            if (typeof (child as Record<string, unknown>)['description'] !== 'string') missing.push(`${path}.${name}`);
            visit(child, `${path}.${name}`);
          }
        }
        if (typeof record['items'] === 'object') visit(record['items'], `${path}[]`);
        if (typeof record['additionalProperties'] === 'object') visit(record['additionalProperties'], `${path}.*`);
      };
      visit(schema, '');
      expect(missing).toEqual([]);
    },
  );

  it('refuses unknown properties and requires apiVersion and kind in every kind', () => {
    for (const kind of Object.keys(schemasByKind) as DocumentKind[]) {
      const result = checkSchema(kind, { unexpected: true });
      const keywords = result.errors.map((e) => `${e.keyword}:${JSON.stringify(e.params)}`);
      expect(keywords).toContain('required:{"missingProperty":"apiVersion"}');
      expect(keywords).toContain('required:{"missingProperty":"kind"}');
      expect(keywords).toContain('additionalProperties:{"additionalProperty":"unexpected"}');
    }
  });

  it('names in x-consortium-rule only rules that exist and that have words for their findings', () => {
    const owners: string[] = [];
    const visit = (node: unknown): void => {
      if (typeof node !== 'object' || node === null) return;
      const owner = (node as Record<string, unknown>)[schemaRuleKeyword];
      if (typeof owner === 'string') owners.push(owner);
      for (const child of Object.values(node)) visit(child);
    };
    for (const schema of Object.values(schemasByKind)) visit(schema);
    const ruleIds = new Set(rules.map((r) => r.id));
    expect(owners.length).toBeGreaterThanOrEqual(15);
    for (const owner of owners) {
      expect(ruleIds.has(owner), owner).toBe(true);
      expect(schemaRuleWordings[owner], owner).toBeDefined();
    }
  });

  it('refuses the reserved chaincode names, in any case, as Fabric system chaincodes do', () => {
    const chaincode = (name: string) => ({
      apiVersion: 'consortium.gitops/v1alpha1',
      kind: 'Chaincode',
      name,
      version: '1.0.0',
      sequence: 1,
      image: 'ghcr.io/example/cc:1.0.0',
      installedOn: ['acme'],
    });
    for (const name of ['cscc', 'escc', 'lscc', 'qscc', 'vscc', 'LSCC', '_lifecycle'])
      expect(checkSchema('Chaincode', chaincode(name)).valid, name).toBe(false);
    for (const name of ['lscc2', 'my-lscc', 'provenance'])
      expect(checkSchema('Chaincode', chaincode(name)).valid, name).toBe(true);
    expect(checkSchema('Chaincode', { ...chaincode('provenance'), sequence: 0 }).valid).toBe(false);
  });
});

describe('schema diagnostics point at the offending line', () => {
  it('reports each broken file of every kind at file:line with a readable message and hint', async () => {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(fixture('schema-errors')));
    const schema = diagnostics
      .filter((d) => d.rule === 'schema')
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
    expect(schema).toEqual([
      'channels/Main/channel.yaml:6:16 capabilities.application: "V9_9" is not one of "V2_0", "V2_5"',
      'channels/ok/chaincodes/basic.yaml:1:1 the document: required property "installedOn" is missing',
      'channels/ok/chaincodes/basic.yaml:2:7 kind: must be "Chaincode", found "Channel"',
      'consortium/consortium.yaml:14:9 ordering.type: must be "etcdraft", found "solo"',
      'consortium/consortium.yaml:19:22 ordering.batch.maxMessageCount: must be an integer, found a string',
      'consortium/consortium.yaml:21:3 governance: unknown property "critcal"',
      'orgs/acme/org.yaml:1:1 the document: required property "mspId" is missing',
      'orgs/acme/org.yaml:17:3 cluster.ingress: required property "domain" is missing',
      'orgs/acme/org.yaml:21:14 peers.0.stateDb: "mongodb" is not one of "couchdb", "leveldb"',
    ]);
    // Values a semantic rule owns (`x-consortium-rule` in the schema) are reported under that rule.
    expect(
      diagnostics
        .filter((d) => d.rule !== 'schema')
        .map((d) => `${d.rule} ${d.file}:${d.line}:${d.column} ${d.message}`),
    ).toEqual([
      'channel-name channels/Main/channel.yaml:3:7 channel name "Main" is not valid: channel names are lowercase letters, digits, "." and "-", starting with a letter, at most 249 characters',
      'chaincode-version channels/ok/chaincodes/basic.yaml:4:10 version: must be a string, found a number; chaincode versions are letters, digits, "_", ".", "+" and "-" (no spaces), at most 128 characters',
    ]);
    const hints = new Map(diagnostics.map((d) => [`${d.file}:${d.line}`, d.hint]));
    expect(hints.get('consortium/consortium.yaml:21')).toBe(
      'Did you mean "critical"? Allowed here: policies, rules, requireChaincodeImageDigest, critical.',
    );
    expect(hints.get('channels/ok/chaincodes/basic.yaml:4')).toBe(
      'YAML reads 1.0 as a number; quote it to keep it text: "1.0".',
    );
    expect(hints.get('orgs/acme/org.yaml:1')).toMatch(/MSP ID/);
    // Documents with schema errors stay out of the model; the valid channel is still loaded.
    expect(model.consortium).toBeUndefined();
    expect(model.orgs).toEqual([]);
    expect(model.channels.map((c) => [c.name, c.chaincodes.length])).toEqual([['ok', 0]]);
    expect(model.rejected).toEqual([
      { kind: 'Channel', name: 'Main', file: 'channels/Main/channel.yaml' },
      { kind: 'Chaincode', name: 'ok/basic', file: 'channels/ok/chaincodes/basic.yaml' },
      { kind: 'Consortium', name: 'consortium', file: 'consortium/consortium.yaml' },
      { kind: 'Organization', name: 'acme', file: 'orgs/acme/org.yaml' },
    ]);
  });
});
