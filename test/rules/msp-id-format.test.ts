import { describe, expect, it } from 'vitest';
import { checkMspIdFormat } from '../../tools/src/rules/msp-id-format.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { runRule } from '../support/rule-harness.ts';

describe('msp-id-format', () => {
  it('accepts letters, digits, dots and dashes', () => {
    expect(
      runRule(
        checkMspIdFormat,
        buildModel({}, (m) => void (m.orgs[0]!.mspId = 'Org-1.MSP')),
      ),
    ).toEqual([]);
  });

  it.each(['Org_1MSP', 'Org 1MSP', "Org1'MSP", ''])('reports %j', (mspId) => {
    const found = runRule(
      checkMspIdFormat,
      buildModel({}, (m) => void (m.orgs[1]!.mspId = mspId)),
    );
    expect(found).toMatchObject([{ rule: 'msp-id-format', severity: 'error', file: 'orgs/org2/org.yaml' }]);
  });

  it('is also stopped at the exact line when the repository says it', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('mspId: HarborviewRetailMSP', 'mspId: Harborview_RetailMSP'),
      );
      const result = await repo.validate();
      const text = await repo.read('orgs/retailer/org.yaml');
      // The JSON Schema carries the same pattern, so the editor and the loader flag it first.
      expect(
        result.diagnostics.some((d) => d.file === 'orgs/retailer/org.yaml' && d.line === lineOf(text, 'mspId:')),
      ).toBe(true);
      expect(result.ok).toBe(false);
    } finally {
      await repo.remove();
    }
  });
});
