import { describe, expect, it } from 'vitest';
import { checkChaincodeSequence } from '../../tools/src/rules/chaincode-sequence.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('chaincode-sequence', () => {
  it('accepts 1 and larger integers', () => {
    expect(
      runRule(
        checkChaincodeSequence,
        buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.sequence = 7)),
      ),
    ).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 60])('reports %s', (sequence) => {
    const found = runRule(
      checkChaincodeSequence,
      buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.sequence = sequence)),
    );
    expect(found).toMatchObject([
      { rule: 'chaincode-sequence', severity: 'error', file: 'channels/traceability/chaincodes/provenance.yaml' },
    ]);
  });

  it('points at sequence: 0 in a chaincode file', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/recalls/chaincodes/recall-notices.yaml';
      await repo.edit(path, (t) => t.replace(/^sequence: 1$/m, 'sequence: 0'));
      const text = await repo.read(path);
      expect(findingsOf(await repo.validate(), 'chaincode-sequence')).toMatchObject([
        { file: path, line: lineOf(text, 'sequence: 0'), column: 11 },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
