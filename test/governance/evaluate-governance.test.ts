import { describe, expect, it } from 'vitest';
import { classifyChanges } from '../../tools/src/governance/classify-changes.ts';
import { classifyPath } from '../../tools/src/governance/classify-path.ts';
import { evaluateGovernance } from '../../tools/src/governance/evaluate-governance.ts';
import type { ChangedPath, Review } from '../../tools/src/governance/types.ts';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { buildModel, type Draft } from '../support/model-builder.ts';

const now = new Date('2026-03-01T00:00:00Z');
const head = 'a'.repeat(40);

function judge(options: {
  base?: (m: Draft<ConsortiumModel>) => void;
  head: (m: Draft<ConsortiumModel>) => void;
  paths: ChangedPath[];
  approvers?: number[];
  reviews?: Review[];
  openedAt?: Date;
}) {
  const base = buildModel({}, options.base);
  const headModel = buildModel({}, (m) => {
    options.base?.(m);
    options.head(m);
  });
  const changes = classifyChanges({ base, head: headModel, changedPaths: options.paths, fileDigests: new Map() });
  const reviews: Review[] = [
    ...(options.approvers ?? []).map((id, i) => ({
      id: i + 1,
      user: { login: `u${id}`, id },
      state: 'APPROVED',
      commit_id: head,
      submitted_at: now.toISOString(),
    })),
    ...(options.reviews ?? []),
  ];
  return evaluateGovernance({
    base,
    head: headModel,
    changes,
    headSha: head,
    reviews,
    author: { login: 'nobody', id: undefined },
    changeSetDigestAt: new Map(),
    openedAt: options.openedAt,
    now,
    errors: [],
  });
}

const bumpOrg2Storage = (m: Draft<ConsortiumModel>) => {
  m.orgs[1]!.ca.storage = '9Gi';
};

describe('paths', () => {
  it.each([
    ['tools/src/governance/x.ts', 'toolkit'],
    ['.github/workflows/governance.yml', 'toolkit'],
    ['package-lock.json', 'toolkit'],
    ['tsconfig.build.json', 'toolkit'],
    ['eslint.config.js', 'toolkit'],
    ['test/governance/x.test.ts', 'toolkit'],
    ['docs/governance.md', 'docs'],
    ['README.md', 'docs'],
    ['orgs/acme/msp/ca.pem', 'org'],
    ['orgs/acme/msp/config.yaml', 'org'],
    ['channels/c/chaincodes/cc.yaml', 'chaincode'],
    ['orgs/acme/msp/nested/ca.pem', 'unknown'],
    ['orgs/acme/org.yml', 'unknown'],
    ['consortium/other.yaml', 'unknown'],
    ['Makefile', 'unknown'],
    ['.npmrc.bak', 'unknown'],
  ])('%s is %s', (path, area) => {
    expect(classifyPath(path).area).toBe(area);
  });
});

describe('rules from the base', () => {
  it('a base rule nested deeper than Fabric decodes makes the verdict error, with a short reason', () => {
    const deep = 'AND('.repeat(20_000) + "'Org1MSP.admin'" + ')'.repeat(20_000);
    const result = judge({
      base: (m) => void (m.consortium!.governance.rules['org.update'] = deep),
      head: bumpOrg2Storage,
      paths: [{ path: 'orgs/org2/org.yaml', status: 'modified' }],
      approvers: [1000],
    });
    expect(result.verdict).toBe('error');
    expect(result.changes[0]?.missing[0]).toMatch(/nested more than 4,996 gates deep/);
    expect(result.changes[0]?.missing[0]?.length).toBeLessThan(1000);
  });

  it('a signature-policy rule is evaluated with Fabric semantics', () => {
    const rules = (m: Draft<ConsortiumModel>) => {
      m.consortium!.governance.rules['org.update'] = "AND('Org1MSP.admin', 'Org3MSP.admin')";
    };
    const one = judge({
      base: rules,
      head: bumpOrg2Storage,
      paths: [{ path: 'orgs/org2/org.yaml', status: 'modified' }],
      approvers: [1000],
    });
    expect(one.changes[0]?.requires).toMatch(
      /^AND\('Org1MSP\.admin', 'Org3MSP\.admin'\) \(governance rule for org\.update/,
    );
    expect(one.verdict).toBe('pending');
    expect(one.changes[0]?.missing[0]).toMatch(/Org3MSP\.admin/);
    const both = judge({
      base: rules,
      head: bumpOrg2Storage,
      paths: [{ path: 'orgs/org2/org.yaml', status: 'modified' }],
      approvers: [1000, 1002],
    });
    expect(both.verdict).toBe('approved');
  });

  it('a rule that does not parse makes the verdict error', () => {
    const result = judge({
      base: (m) => {
        m.consortium!.governance.rules['org.update'] = "AND('Org1MSP.admin'";
      },
      head: bumpOrg2Storage,
      paths: [{ path: 'orgs/org2/org.yaml', status: 'modified' }],
      approvers: [1000, 1001, 1002],
    });
    expect(result.verdict).toBe('error');
    expect(result.errors[0]).toMatch(/does not parse/);
  });

  it('ALL over a scope counts every org; ANY needs one', () => {
    const all = judge({
      base: (m) => {
        m.consortium!.governance.rules['docs.update'] = 'ALL Admins';
      },
      head: () => undefined,
      paths: [{ path: 'docs/x.md', status: 'added' }],
      approvers: [1000, 1001],
    });
    expect(all.changes[0]?.missing).toEqual(['needs 1 more of: Org3MSP']);
    const any = judge({ head: () => undefined, paths: [{ path: 'docs/x.md', status: 'added' }], approvers: [1001] });
    expect(any.verdict).toBe('approved');
  });

  it('a missing base consortium.yaml makes the verdict error (no rules to judge by)', () => {
    const result = judge({
      base: (m) => {
        m.consortium = undefined;
      },
      head: () => undefined,
      paths: [{ path: 'docs/x.md', status: 'added' }],
      approvers: [1000, 1001, 1002],
    });
    expect(result.verdict).toBe('error');
  });

  it('a base registry listing one reviewer under two orgs: error, and the review counts for neither', () => {
    const shared = (m: Draft<ConsortiumModel>) => {
      m.orgs[2]!.admins.push({ github: 'org1-admin', githubId: 1000 });
    };
    const approval = judge({
      base: shared,
      head: () => undefined,
      paths: [{ path: 'docs/x.md', status: 'added' }],
      approvers: [1000],
    });
    expect(approval.verdict).toBe('error');
    expect(approval.errors[0]).toMatch(/lists GitHub id 1000 \(org1-admin\) as an admin of org1 and org3/);
    expect(approval.changes[0]?.approvedBy).toEqual([]);
    const veto = judge({
      base: shared,
      head: (m) => {
        m.consortium!.ordering.batch.maxMessageCount = 9;
      },
      paths: [{ path: 'consortium/consortium.yaml', status: 'modified' }],
      reviews: [
        {
          id: 9,
          user: { login: 'org1-admin', id: 1000 },
          state: 'CHANGES_REQUESTED',
          commit_id: head,
          submitted_at: now.toISOString(),
        },
      ],
    });
    expect(veto.verdict).toBe('error');
    expect(veto.changes[0]?.vetoedBy).toEqual([]);
  });
});

describe('classification from models', () => {
  it('names each kind of channel and chaincode change', () => {
    const base = buildModel();
    const next = buildModel({}, (m) => {
      const channel = m.channels[0]!;
      channel.policies.Endorsement = 'ANY Endorsement';
      channel.members.pop();
    });
    const changes = classifyChanges({ base, head: next, changedPaths: [], fileDigests: new Map() });
    expect(changes.map((c) => c.kind)).toEqual(['channel.member.remove', 'channel.policy.update']);
  });

  it('is deterministic and independent of source positions', () => {
    const base = buildModel();
    const moved = buildModel({}, (m) => {
      m.orgs[0]!.source = {
        file: 'orgs/org1/org.yaml',
        positions: { '': { file: 'orgs/org1/org.yaml', line: 9, column: 1 } },
      };
    });
    expect(classifyChanges({ base, head: moved, changedPaths: [], fileDigests: new Map() })).toEqual([]);
  });
});
