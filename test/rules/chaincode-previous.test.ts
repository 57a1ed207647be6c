import { describe, expect, it } from 'vitest';
import { checkChaincodePrevious } from '../../tools/src/rules/chaincode-previous.ts';
import { checkKubernetesName } from '../../tools/src/rules/kubernetes-name.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('chaincode-previous', () => {
  it('accepts an upgrade whose previous version runs beside the new one', () => {
    const model = buildModel({}, (m) => {
      const cc = m.channels[0]!.chaincodes[0]!;
      cc.previous = { version: cc.version, image: cc.image };
      cc.version = '1.1.0';
      cc.sequence = 2;
    });
    expect(runRule(checkChaincodePrevious, model)).toEqual([]);
    expect(runRule(checkKubernetesName, model)).toEqual([]);
  });

  it('warns that an upgrade with initRequired refuses transactions until its Init ran', () => {
    const model = buildModel({}, (m) => {
      const cc = m.channels[0]!.chaincodes[0]!;
      cc.previous = { version: cc.version, image: cc.image };
      cc.version = '1.1.0';
      cc.sequence = 2;
      cc.initRequired = true;
      cc.init = { function: 'InitLedger', args: [] };
    });
    const found = runRule(checkChaincodePrevious, model);
    expect(found).toMatchObject([{ severity: 'warning' }]);
    expect(found[0]!.message).toContain('refuses every transaction of the new version from its commit');
  });

  it('reports previous on a first definition, and a previous version that folds to the same server name', async () => {
    const repo = await copyExampleRepo();
    try {
      const file = 'channels/traceability/chaincodes/provenance.yaml';
      const previous =
        'previous:\n  version: 0.9.0\n  image: ghcr.io/supply-chain-traceability/provenance-chaincode:0.9.0\n';
      await repo.edit(file, (t) => t.replace('initRequired: false\n', `initRequired: false\n${previous}`));
      let found = findingsOf(await repo.validate(), 'chaincode-previous');
      expect(found).toMatchObject([{ file, line: lineOf(await repo.read(file), 'version: 0.9.0'), severity: 'error' }]);
      expect(found[0]!.message).toContain('sequence 1: only an upgrade follows a committed version');

      await repo.edit(file, (t) => t.replace('sequence: 1', 'sequence: 2').replace('version: 0.9.0', 'version: 1_0_0'));
      found = findingsOf(await repo.validate(), 'chaincode-previous');
      expect(found).toMatchObject([{ file, line: lineOf(await repo.read(file), 'version: 1_0_0'), severity: 'error' }]);
      expect(found[0]!.message).toContain('would run as the same Deployment "provenance-traceability-1-0-0"');

      await repo.edit(file, (t) => t.replace('version: 1_0_0', 'version: 0.9.0'));
      expect(findingsOf(await repo.validate(), 'chaincode-previous')).toEqual([]);
    } finally {
      await repo.remove();
    }
  });
});
