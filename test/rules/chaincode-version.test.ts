import { describe, expect, it } from 'vitest';
import { checkChaincodeVersion } from '../../tools/src/rules/chaincode-version.ts';
import { buildModel } from '../support/model-builder.ts';
import { runRule } from '../support/rule-harness.ts';

describe('chaincode-version', () => {
  it('accepts semantic versions with build metadata', () => {
    expect(
      runRule(
        checkChaincodeVersion,
        buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.version = '2.0.0-rc.1+build_7')),
      ),
    ).toEqual([]);
  });

  it.each(['1.0 beta', 'v1/2', '', 'ü1'])('reports %j', (version) => {
    const found = runRule(
      checkChaincodeVersion,
      buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.version = version)),
    );
    expect(found).toMatchObject([
      { rule: 'chaincode-version', severity: 'error', file: 'channels/traceability/chaincodes/provenance.yaml' },
    ]);
  });
});
