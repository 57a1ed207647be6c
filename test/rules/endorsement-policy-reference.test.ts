import { describe, expect, it } from 'vitest';
import { checkEndorsementPolicyReference } from '../../tools/src/rules/endorsement-policy-reference.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('endorsement-policy-reference', () => {
  it('accepts the builder model', () => {
    expect(runRule(checkEndorsementPolicyReference, buildModel())).toEqual([]);
  });

  it("accepts an ImplicitMeta policy written as one of the channel's policies", () => {
    const found = runRule(
      checkEndorsementPolicyReference,
      buildModel({}, (m) => {
        m.channels[1]!.chaincodes[0]!.endorsementPolicy = 'MAJORITY Endorsement';
        m.channels[0]!.chaincodes[0]!.endorsementPolicy = 'ANY Readers';
      }),
    );
    expect(found).toEqual([]);
  });

  it('leaves a sub-policy no member defines to policy-syntax', () => {
    const found = runRule(
      checkEndorsementPolicyReference,
      buildModel({}, (m) => {
        m.channels[1]!.chaincodes[0]!.endorsementPolicy = 'MAJORITY Auditors';
      }),
    );
    expect(found).toEqual([]);
  });

  it('reports an ImplicitMeta endorsement policy no channel policy has, at its line', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(path, (t) => t.replace(/^endorsementPolicy: .*$/m, 'endorsementPolicy: ALL Endorsement'));
      const text = await repo.read(path);
      const found = findingsOf(await repo.validate(), 'endorsement-policy-reference');
      expect(found).toMatchObject([
        { file: path, line: lineOf(text, 'endorsementPolicy: ALL Endorsement'), severity: 'error' },
      ]);
      expect(found[0]!.message).toContain('"ALL Endorsement"');
      expect(found[0]!.message).toContain('channel "traceability"');
      expect(found[0]!.hint).toContain('/Channel/Application/');
    } finally {
      await repo.remove();
    }
  });
});
