import { describe, expect, it } from 'vitest';
import { checkChaincodeSequence } from '../../tools/src/rules/chaincode-sequence.ts';
import { buildModel } from '../support/model-builder.ts';
import { runRule } from '../support/rule-harness.ts';

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
});
