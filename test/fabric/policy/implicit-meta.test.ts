import { describe, expect, it } from 'vitest';
import { implicitMetaThreshold, parseImplicitMetaPolicy, parsePolicy } from '../../../tools/src/fabric/policy/index.ts';

describe('ImplicitMeta policies', () => {
  it.each([
    ['ANY', 0, 0],
    ['ALL', 0, 0],
    ['MAJORITY', 0, 0],
    ['ANY', 3, 1],
    ['ALL', 3, 3],
    ['MAJORITY', 1, 1],
    ['MAJORITY', 2, 2],
    ['MAJORITY', 3, 2],
    ['MAJORITY', 4, 3],
    ['MAJORITY', 5, 3],
  ] as const)('%s of %i groups needs %i', (rule, n, expected) => {
    expect(implicitMetaThreshold(rule, n)).toBe(expected);
  });

  it('parses Fabric’s form and rejects others', () => {
    expect(parseImplicitMetaPolicy('MAJORITY Admins')).toEqual({
      ok: true,
      policy: { rule: 'MAJORITY', subPolicy: 'Admins' },
    });
    expect(parseImplicitMetaPolicy('ANY Readers')).toEqual({ ok: true, policy: { rule: 'ANY', subPolicy: 'Readers' } });
    for (const bad of ['any Readers', 'MAJORITY  Admins', 'MAJORITY', 'SOME Admins', 'ALL Admins extra']) {
      expect(parseImplicitMetaPolicy(bad).ok).toBe(false);
    }
  });

  it('parsePolicy picks the kind from the text', () => {
    const meta = parsePolicy('ALL Writers');
    expect(meta.ok && meta.policy.kind).toBe('implicitMeta');
    const signature = parsePolicy("OR('A.member')");
    expect(signature.ok && signature.policy.kind).toBe('signature');
    const bad = parsePolicy('ANY');
    expect(bad.ok).toBe(false);
  });
});
