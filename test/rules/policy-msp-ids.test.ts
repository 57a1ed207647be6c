import { describe, expect, it } from 'vitest';
import { checkPolicyMspIds } from '../../tools/src/rules/policy-msp-ids.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('policy-msp-ids', () => {
  it('accepts policies over channel members', () => {
    expect(runRule(checkPolicyMspIds, buildModel())).toEqual([]);
  });

  it('reports an MSP ID of an org that is not a channel member', () => {
    const found = runRule(
      checkPolicyMspIds,
      buildModel({}, (m) => void (m.channels[0]!.policies.Writers = "OR('Org1MSP.member', 'Org2MSP.member')")),
    );
    expect(found).toMatchObject([{ rule: 'policy-msp-ids', file: 'channels/recalls/channel.yaml' }]);
    expect(found[0]!.message).toContain('"Org2MSP" (org "org2", not a member)');
  });

  it('treats MSP IDs as case-sensitive, as Fabric does', () => {
    const found = runRule(
      checkPolicyMspIds,
      buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.endorsementPolicy = "OR('org1msp.peer')")),
    );
    expect(found[0]!.message).toContain('no organization has this MSP ID');
  });

  it('allows governance rules to name any member of the consortium', () => {
    expect(
      runRule(
        checkPolicyMspIds,
        buildModel(
          {},
          (m) =>
            void (m.consortium!.governance.rules['org.add'] = "AND('Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')"),
        ),
      ),
    ).toEqual([]);
  });

  it('points at a collection policy naming an outsider', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(path, (t) =>
        t.replace(
          "policy: \"OR('AcmeManufacturingMSP.member', 'HarborviewRetailMSP.member')\"",
          "policy: \"OR('AcmeManufacturingMSP.member', 'HarborviewRetailMSP.member', 'GlobexMSP.member')\"",
        ),
      );
      const text = await repo.read(path);
      const found = findingsOf(await repo.validate(), 'policy-msp-ids');
      expect(found).toMatchObject([{ file: path, line: lineOf(text, 'GlobexMSP'), severity: 'error' }]);
    } finally {
      await repo.remove();
    }
  });
});
