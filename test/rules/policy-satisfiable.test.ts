import { describe, expect, it } from 'vitest';
import { checkPolicySatisfiable } from '../../tools/src/rules/policy-satisfiable.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('policy-satisfiable', () => {
  it('accepts satisfiable policies, including OutOf(0, ...)', () => {
    expect(
      runRule(
        checkPolicySatisfiable,
        buildModel({}, (m) => void (m.channels[0]!.policies.Writers = "OutOf(0, 'Org1MSP.member')")),
      ),
    ).toEqual([]);
  });

  it('finds an unsatisfiable gate nested inside a satisfiable-looking one', () => {
    const expression = "AND('Org1MSP.member', OutOf(3, 'Org1MSP.peer', 'Org3MSP.peer'))";
    const found = runRule(
      checkPolicySatisfiable,
      buildModel({}, (m) => void (m.channels[0]!.policies.Writers = expression)),
    );
    expect(found).toMatchObject([{ rule: 'policy-satisfiable', file: 'channels/recalls/channel.yaml' }]);
  });

  it('handles deeply nested policies without recursion', () => {
    const depth = 5000;
    const expression = `${'OR('.repeat(depth)}'Org1MSP.member'${')'.repeat(depth)}`;
    const found = runRule(
      checkPolicySatisfiable,
      buildModel({}, (m) => void (m.channels[0]!.policies.Writers = expression)),
    );
    expect(found).toEqual([]);
  });

  it('points at OutOf(n+1) in the example', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(path, (t) => t.replace('endorsementPolicy: "OutOf(2,', 'endorsementPolicy: "OutOf(4,'));
      const text = await repo.read(path);
      const result = await repo.validate();
      expect(findingsOf(result, 'policy-satisfiable')).toMatchObject([
        { file: path, line: lineOf(text, 'endorsementPolicy:'), severity: 'error' },
      ]);
      expect(findingsOf(result, 'policy-syntax')).toEqual([]);
    } finally {
      await repo.remove();
    }
  });
});
