import { describe, expect, it } from 'vitest';
import { checkUniqueMspId } from '../../tools/src/rules/unique-msp-id.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('unique-msp-id', () => {
  it('accepts distinct MSP IDs', () => {
    expect(runRule(checkUniqueMspId, buildModel())).toEqual([]);
  });

  it('reports MSP IDs that differ only in letter case', () => {
    const found = runRule(
      checkUniqueMspId,
      buildModel({}, (m) => {
        m.orgs[1]!.mspId = 'ORG1MSP';
      }),
    );
    expect(found).toMatchObject([{ rule: 'unique-msp-id', file: 'orgs/org2/org.yaml' }]);
    expect(found[0]!.message).toContain('letter case');
  });

  it('names file and line of the duplicate', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('mspId: HarborviewRetailMSP', 'mspId: AcmeManufacturingMSP'),
      );
      const found = findingsOf(await repo.validate(), 'unique-msp-id');
      const text = await repo.read('orgs/retailer/org.yaml');
      expect(found).toMatchObject([
        { file: 'orgs/retailer/org.yaml', line: lineOf(text, 'mspId:'), column: 8, severity: 'error' },
      ]);
      expect(found[0]!.hint).toBeDefined();
    } finally {
      await repo.remove();
    }
  });

  it('names both real files, with the line of each MSP ID, for a clash in letter case only', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/logistics/org.yaml', (t) =>
        t.replace('mspId: StraitsFreightMSP', 'mspId: acmemanufacturingMSP'),
      );
      const found = findingsOf(await repo.validate(), 'unique-msp-id');
      const manufacturer = await repo.read('orgs/manufacturer/org.yaml');
      const logistics = await repo.read('orgs/logistics/org.yaml');
      expect(found).toHaveLength(1);
      // Reported at one org.yaml, naming the other at its line: both files exist as named.
      const [reported, other] =
        found[0]!.file === 'orgs/manufacturer/org.yaml'
          ? [manufacturer, `orgs/logistics/org.yaml:${lineOf(logistics, 'mspId:')}`]
          : [logistics, `orgs/manufacturer/org.yaml:${lineOf(manufacturer, 'mspId:')}`];
      expect(found[0]!.line).toBe(lineOf(reported, 'mspId:'));
      expect(found[0]!.message).toContain('differs only in letter case');
      expect(found[0]!.message).toContain(`(${other})`);
    } finally {
      await repo.remove();
    }
  });
});
