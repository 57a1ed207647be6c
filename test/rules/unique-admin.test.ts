import { describe, expect, it } from 'vitest';
import { checkUniqueAdmin } from '../../tools/src/rules/unique-admin.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('unique-admin', () => {
  it('accepts admins who each speak for one org', () => {
    expect(runRule(checkUniqueAdmin, buildModel())).toEqual([]);
  });

  it('accepts one org listing the same person twice (it is still one org)', () => {
    const model = buildModel({}, (m) => {
      m.orgs[0]!.admins.push({ github: 'org1-admin', githubId: 1000 });
    });
    expect(runRule(checkUniqueAdmin, model)).toEqual([]);
  });

  it('reports a githubId listed under two orgs', () => {
    const found = runRule(
      checkUniqueAdmin,
      buildModel({}, (m) => {
        m.orgs[2]!.admins.push({ github: 'someone-else', githubId: 1000 });
      }),
    );
    expect(found).toMatchObject([{ rule: 'unique-admin', severity: 'error', file: 'orgs/org3/org.yaml' }]);
    expect(found[0]!.message).toBe(
      'GitHub id 1000 (someone-else) is already an admin of org "org1" (orgs/org1/org.yaml, as org1-admin): one person cannot approve for two organizations',
    );
  });

  it('reports a login listed under two orgs, whatever its letter case (GitHub logins ignore case)', () => {
    const found = runRule(
      checkUniqueAdmin,
      buildModel({}, (m) => {
        m.orgs[1]!.admins.push({ github: 'ORG1-Admin', githubId: 777 });
      }),
    );
    expect(found).toMatchObject([{ rule: 'unique-admin', file: 'orgs/org2/org.yaml' }]);
    expect(found[0]!.message).toMatch(/^GitHub login "ORG1-Admin" is already an admin of org "org1"/);
  });

  it('names file and line of the second listing', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('admins:\n', 'admins:\n  - github: someone-new\n    githubId: 48213377\n'),
      );
      const found = findingsOf(await repo.validate(), 'unique-admin');
      const text = await repo.read('orgs/retailer/org.yaml');
      expect(found).toMatchObject([
        { file: 'orgs/retailer/org.yaml', line: lineOf(text, 'githubId: 48213377'), severity: 'error' },
      ]);
      expect(found[0]!.hint).toMatch(/one org/);
    } finally {
      await repo.remove();
    }
  });
});
