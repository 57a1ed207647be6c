import { describe, expect, it } from 'vitest';
import { checkEtcdraftConsenters } from '../../tools/src/rules/etcdraft-consenters.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('etcdraft-consenters', () => {
  it('accepts three consenters from three orgs', () => {
    expect(runRule(checkEtcdraftConsenters, buildModel())).toEqual([]);
  });

  it('warns about an even number of consenters', () => {
    const found = runRule(
      checkEtcdraftConsenters,
      buildModel({}, (m) => void m.consortium!.ordering.consenters.push({ org: 'org1', orderer: 'orderer1' })),
    );
    expect(found).toMatchObject([{ rule: 'etcdraft-consenters', severity: 'warning' }]);
    expect(found[0]!.hint).toContain('3 or 5');
  });

  it('warns when one org runs every consenter', () => {
    const found = runRule(
      checkEtcdraftConsenters,
      buildModel({}, (m) => {
        for (const c of m.consortium!.ordering.consenters) c.org = 'org2';
      }),
    );
    expect(found).toMatchObject([{ severity: 'warning' }]);
    expect(found[0]!.message).toContain('all 3 consenters are run by org "org2"');
  });

  it('is an error without any consenter', () => {
    const found = runRule(
      checkEtcdraftConsenters,
      buildModel({}, (m) => void (m.consortium!.ordering.consenters = [])),
    );
    expect(found).toMatchObject([{ severity: 'error' }]);
  });

  it('warns at the consenters line of consortium.yaml, and the repository stays valid', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('consortium/consortium.yaml', (t) =>
        t.replace(/ {4}- org: retailer\n {6}orderer: orderer0\n/, ''),
      );
      // The change reaches the channels' configs: it carries its config updates, as a user's would.
      await repo.writeUpdates();
      const text = await repo.read('consortium/consortium.yaml');
      const result = await repo.validate();
      expect(findingsOf(result, 'etcdraft-consenters')).toMatchObject([
        { file: 'consortium/consortium.yaml', line: lineOf(text, '- org: manufacturer'), severity: 'warning' },
      ]);
      expect(result.ok).toBe(true);
    } finally {
      await repo.remove();
    }
  });
});
