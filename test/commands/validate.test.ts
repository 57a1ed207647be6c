import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sortDiagnostics, validateModel } from '../../tools/src/commands/validate.ts';
import type { Diagnostic } from '../../tools/src/model/diagnostic.ts';
import { rules } from '../../tools/src/rules/index.ts';
import { copyExampleRepo, projectRoot } from '../support/example-repo.ts';
import { buildModel } from '../support/model-builder.ts';

const d = (
  file: string,
  line: number,
  column: number,
  rule: string,
  severity: Diagnostic['severity'] = 'error',
): Diagnostic => ({
  rule,
  severity,
  file,
  line,
  column,
  message: `${rule} at ${line}`,
});

describe('validateRepository', () => {
  it('finds no problem in the example consortium', async () => {
    const repo = await copyExampleRepo();
    try {
      const result = await repo.validate();
      expect(result.diagnostics).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.model.orgs.map((o) => o.id)).toEqual(['logistics', 'manufacturer', 'retailer']);
    } finally {
      await repo.remove();
    }
  });

  it('merges loader and rule findings; warnings alone leave it ok', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('storageClass: managed-csi-premium', 'storageClass: local-path'),
      );
      expect((await repo.validate()).ok).toBe(true);
      await repo.edit('orgs/retailer/org.yaml', (t) => t.replace('displayName:', 'displayNmae:'));
      const result = await repo.validate();
      expect(result.ok).toBe(false);
      expect(new Set(result.diagnostics.map((x) => x.file))).toEqual(new Set(['orgs/retailer/org.yaml']));
    } finally {
      await repo.remove();
    }
  });
});

describe('validateModel', () => {
  it('has a unique id for every rule, each in its own file with its own test', () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(existsSync(join(projectRoot, 'tools/src/rules', `${rule.id}.ts`)), rule.id).toBe(true);
      expect(existsSync(join(projectRoot, 'test/rules', `${rule.id}.test.ts`)), rule.id).toBe(true);
    }
  });

  it('sorts by file, line, column, then rule', () => {
    const sorted = sortDiagnostics([
      d('b.yaml', 1, 1, 'x'),
      d('a.yaml', 2, 1, 'x'),
      d('a.yaml', 1, 5, 'x'),
      d('a.yaml', 1, 5, 'a'),
      d('a.yaml', 10, 1, 'x'),
    ]);
    expect(sorted.map((x) => `${x.file}:${x.line}:${x.column}:${x.rule}`)).toEqual([
      'a.yaml:1:5:a',
      'a.yaml:1:5:x',
      'a.yaml:2:1:x',
      'a.yaml:10:1:x',
      'b.yaml:1:1:x',
    ]);
  });

  it('turns a rule that throws into an error finding instead of passing', () => {
    const model = buildModel({}, (m) => {
      // A model the schema would never let through: the rules must still fail closed.
      (m.orgs[0] as { peers: unknown }).peers = undefined;
    });
    const result = validateModel({ model, now: new Date() });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((x) => x.message.includes('failed unexpectedly'))).toBe(true);
  });
});
