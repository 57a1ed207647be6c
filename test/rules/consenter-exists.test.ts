import { describe, expect, it } from 'vitest';
import { checkConsenterExists } from '../../tools/src/rules/consenter-exists.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('consenter-exists', () => {
  it('accepts orderers of existing orgs', () => {
    expect(runRule(checkConsenterExists, buildModel())).toEqual([]);
  });

  it('reports an unknown org and a duplicate consenter', () => {
    const found = runRule(
      checkConsenterExists,
      buildModel({}, (m) => {
        const consenters = m.consortium!.ordering.consenters;
        consenters[0]!.org = 'org9';
        consenters.push({ org: 'org2', orderer: 'orderer0' });
      }),
    );
    expect(found.map((d) => d.message)).toEqual([
      expect.stringContaining('"org9"'),
      expect.stringContaining('listed twice'),
    ]);
  });

  it('reports an orderer the org does not run, at its line', async () => {
    const repo = await copyExampleRepo();
    try {
      const text = (await repo.read('consortium/consortium.yaml')).replace(
        /(org: retailer\n\s+orderer: )orderer0/,
        '$1orderer5',
      );
      await repo.write('consortium/consortium.yaml', text);
      const found = findingsOf(await repo.validate(), 'consenter-exists');
      expect(found).toMatchObject([
        { file: 'consortium/consortium.yaml', line: lineOf(text, 'orderer: orderer5'), severity: 'error' },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
