import { describe, expect, it } from 'vitest';
import { checkInstalledOnExists } from '../../tools/src/rules/installed-on-exists.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('installed-on-exists', () => {
  it('accepts installedOn of existing orgs', () => {
    expect(runRule(checkInstalledOnExists, buildModel())).toEqual([]);
  });

  it('reports an unknown org at its line', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/recalls/chaincodes/recall-notices.yaml';
      await repo.edit(path, (t) => t.replace(/(installedOn:\n {2}- manufacturer\n) {2}- retailer/, '$1  - retailers'));
      const text = await repo.read(path);
      const found = findingsOf(await repo.validate(), 'installed-on-exists');
      expect(found).toMatchObject([{ file: path, line: lineOf(text, '- retailers'), column: 5, severity: 'error' }]);
    } finally {
      await repo.remove();
    }
  });
});
