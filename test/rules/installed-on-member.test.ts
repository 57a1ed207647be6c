import { describe, expect, it } from 'vitest';
import { checkInstalledOnMember } from '../../tools/src/rules/installed-on-member.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('installed-on-member', () => {
  it('accepts chaincodes installed on members', () => {
    expect(runRule(checkInstalledOnMember, buildModel())).toEqual([]);
  });

  it('reports a chaincode installed on an org outside its channel', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/recalls/chaincodes/recall-notices.yaml';
      await repo.edit(path, (t) =>
        t.replace(/(installedOn:\n {2}- manufacturer\n {2}- retailer\n)/, '$1  - logistics\n'),
      );
      const text = await repo.read(path);
      const found = findingsOf(await repo.validate(), 'installed-on-member');
      expect(found).toMatchObject([{ file: path, line: lineOf(text, '- logistics'), column: 5, severity: 'error' }]);
      expect(found[0]!.message).toContain('channel "recalls"');
    } finally {
      await repo.remove();
    }
  });
});
