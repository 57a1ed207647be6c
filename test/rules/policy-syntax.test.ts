import { describe, expect, it } from 'vitest';
import { checkPolicySyntax } from '../../tools/src/rules/policy-syntax.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('policy-syntax', () => {
  it('accepts signature and ImplicitMeta policies', () => {
    expect(runRule(checkPolicySyntax, buildModel())).toEqual([]);
  });

  it.each([
    ["OR('Org1MSP.member'", 'not a valid Fabric policy'],
    ["OR('Org1MSP.superuser')", 'not a valid Fabric policy'],
    ['MAJORITY  Admins', 'not a valid Fabric policy'],
    ["'Org1MSP.member'", 'not a valid Fabric policy'],
    ['MAJORITY Auditors', 'sub-policy "Auditors"'],
  ])('reports channel policy %j', (expression, message) => {
    const found = runRule(
      checkPolicySyntax,
      buildModel({}, (m) => void (m.channels[0]!.policies.Admins = expression)),
    );
    expect(found).toMatchObject([{ rule: 'policy-syntax', severity: 'error', file: 'channels/recalls/channel.yaml' }]);
    expect(found[0]!.message).toContain(message);
  });

  it.each([
    ['OR', 20_000],
    ['AND', 200_000],
  ])('reports a channel policy of %s nested %i levels, deeper than Fabric decodes', (gate, depth) => {
    const deep = `${gate}(`.repeat(depth) + "'Org1MSP.member'" + ')'.repeat(depth);
    const found = runRule(
      checkPolicySyntax,
      buildModel({}, (m) => void (m.channels[0]!.policies.Admins = deep)),
    );
    expect(found).toMatchObject([{ rule: 'policy-syntax', severity: 'error', file: 'channels/recalls/channel.yaml' }]);
    expect(found[0]!.message).toMatch(/nested more than 4,996 gates deep/);
  });

  it('requires signature policies for private data collections', () => {
    const found = runRule(
      checkPolicySyntax,
      buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.collections[0]!.policy = 'ANY Readers')),
    );
    expect(found).toMatchObject([{ file: 'channels/traceability/chaincodes/provenance.yaml' }]);
    expect(found[0]!.message).toContain('ImplicitMeta');
  });

  it('checks governance rules of the consortium', () => {
    const found = runRule(
      checkPolicySyntax,
      buildModel({}, (m) => void (m.consortium!.governance.rules['channel.create'] = "AND('Org1MSP.admin',)")),
    );
    expect(found).toMatchObject([{ file: 'consortium/consortium.yaml' }]);
  });

  it('points at the offending principal inside the endorsement policy', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(path, (t) => t.replace("'StraitsFreightMSP.peer'", "'StraitsFreightMSP.Peer'"));
      const text = await repo.read(path);
      const line = lineOf(text, 'endorsementPolicy:');
      const column = (text.split('\n')[line - 1] ?? '').indexOf("'StraitsFreightMSP.Peer'") + 1;
      const found = findingsOf(await repo.validate(), 'policy-syntax');
      expect(found).toMatchObject([{ file: path, line, column, severity: 'error' }]);
      expect(found[0]!.message).toContain('is not a principal');
    } finally {
      await repo.remove();
    }
  });
});
