import { describe, expect, it } from 'vitest';
import { checkChaincodeName } from '../../tools/src/rules/chaincode-name.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('chaincode-name', () => {
  it('accepts names joined by single dashes or underscores', () => {
    expect(
      runRule(
        checkChaincodeName,
        buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.name = 'Asset_transfer-v2')),
      ),
    ).toEqual([]);
  });

  it.each(['-lead', 'trail_', 'double--dash', 'dot.ted', 'lscc', 'QSCC', '_lifecycle'])('reports %j', (name) => {
    const found = runRule(
      checkChaincodeName,
      buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.name = name)),
    );
    expect(found).toMatchObject([{ rule: 'chaincode-name', file: 'channels/traceability/chaincodes/provenance.yaml' }]);
  });

  it('reports a system chaincode name at its line', async () => {
    const repo = await copyExampleRepo();
    try {
      const text = (await repo.read('channels/recalls/chaincodes/recall-notices.yaml')).replace(
        'name: recall-notices',
        'name: cscc',
      );
      await repo.write('channels/recalls/chaincodes/cscc.yaml', text);
      const found = findingsOf(await repo.validate(), 'chaincode-name');
      expect(found).toMatchObject([
        {
          file: 'channels/recalls/chaincodes/cscc.yaml',
          line: lineOf(text, 'name: cscc'),
          column: 7,
          severity: 'error',
        },
      ]);
      expect(found[0]!.message).toContain('system chaincode');
    } finally {
      await repo.remove();
    }
  });
});
