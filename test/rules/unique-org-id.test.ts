import { describe, expect, it } from 'vitest';
import { checkUniqueOrgId } from '../../tools/src/rules/unique-org-id.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('unique-org-id', () => {
  it('accepts distinct ids', () => {
    expect(runRule(checkUniqueOrgId, buildModel())).toEqual([]);
  });

  it('reports the second org that reuses an id', () => {
    const found = runRule(
      checkUniqueOrgId,
      buildModel({}, (m) => {
        m.orgs[2]!.id = 'org1';
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'unique-org-id', severity: 'error', file: 'orgs/org3/org.yaml' });
    expect(found[0]!.message).toContain('orgs/org1/org.yaml');
  });

  it('points at the id line of a copied org folder', async () => {
    const repo = await copyExampleRepo();
    try {
      const text = await repo.read('orgs/retailer/org.yaml');
      await repo.write(
        'orgs/retailer-eu/org.yaml',
        text.replace(/^mspId: .*$/m, 'mspId: HarborviewRetailEuMSP').replace(/domain: /g, 'domain: eu.'),
      );
      const result = await repo.validate();
      const found = findingsOf(result, 'unique-org-id');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        file: 'orgs/retailer-eu/org.yaml',
        line: lineOf(text, 'id: retailer'),
        column: 5,
      });
      expect(result.ok).toBe(false);
    } finally {
      await repo.remove();
    }
  });
});
