import { describe, expect, it } from 'vitest';
import { checkChaincodeInit } from '../../tools/src/rules/chaincode-init.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('chaincode-init', () => {
  it('accepts chaincodes without initRequired and without init', () => {
    expect(runRule(checkChaincodeInit, buildModel())).toEqual([]);
  });

  it('accepts initRequired with init', () => {
    const model = buildModel({}, (m) => {
      const cc = m.channels[0]!.chaincodes[0]!;
      cc.initRequired = true;
      cc.init = { function: 'InitLedger', args: [] };
    });
    expect(runRule(checkChaincodeInit, model)).toEqual([]);
  });

  it('reports initRequired: true without init at the initRequired line, from the file as written', async () => {
    const repo = await copyExampleRepo();
    try {
      const file = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(file, (t) => t.replace('initRequired: false', 'initRequired: true'));
      const found = findingsOf(await repo.validate(), 'chaincode-init');
      expect(found).toMatchObject([{ file, line: lineOf(await repo.read(file), 'initRequired:'), severity: 'error' }]);
      expect(found[0]!.message).toContain('has no init');

      await repo.edit(file, (t) =>
        t.replace('initRequired: true', 'initRequired: true\ninit:\n  function: InitLedger\n  args: ["2026"]'),
      );
      expect((await repo.validate()).diagnostics).toEqual([]);
    } finally {
      await repo.remove();
    }
  });

  it('reports init on a chaincode that does not require it', async () => {
    const repo = await copyExampleRepo();
    try {
      const file = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(file, (t) =>
        t.replace('initRequired: false', 'initRequired: false\ninit:\n  function: InitLedger'),
      );
      const found = findingsOf(await repo.validate(), 'chaincode-init');
      expect(found).toMatchObject([
        { file, line: lineOf(await repo.read(file), 'function: InitLedger'), severity: 'error' },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
