import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateSignaturePolicy,
  implicitMetaThreshold,
  isSatisfiedBy,
  parseSignaturePolicy,
} from '../../../tools/src/fabric/policy/index.ts';
import type {
  PolicyIdentity,
  PolicyRule,
  SignaturePolicyEnvelope,
  Signer,
} from '../../../tools/src/fabric/policy/index.ts';
import { renderTree, signersArbitrary, treeArbitrary } from './policy-arbitraries.ts';

function parse(expr: string): SignaturePolicyEnvelope {
  const parsed = parseSignaturePolicy(expr);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.envelope;
}

const signer = (spec: string): Signer => {
  const dot = spec.lastIndexOf('.');
  return { mspId: spec.slice(0, dot), role: spec.slice(dot + 1) as Signer['role'] };
};

/** A direct transcription of cauthdsl's recursive evaluation (copy the used-set per child). */
function referenceEvaluate(envelope: SignaturePolicyEnvelope, signers: readonly Signer[]): boolean {
  const run = (rule: PolicyRule, used: boolean[]): boolean => {
    if ('signedBy' in rule) {
      const p = envelope.identities[rule.signedBy] as PolicyIdentity;
      for (let i = 0; i < signers.length; i++) {
        const s = signers[i] as Signer;
        if (used[i] || s.mspId !== p.mspId || (p.role !== 'member' && s.role !== p.role)) continue;
        used[i] = true;
        return true;
      }
      return false;
    }
    let verified = 0;
    for (const child of rule.nOutOf.rules) {
      const copy = [...used];
      if (run(child, copy)) {
        verified++;
        copy.forEach((v, i) => (used[i] = v));
      }
    }
    return verified >= rule.nOutOf.n;
  };
  return run(
    envelope.rule,
    signers.map(() => false),
  );
}

describe('evaluateSignaturePolicy: Fabric edge cases', () => {
  it('greedy consumption: an earlier rule takes the signer a later rule needed', () => {
    // OR evaluates both children and keeps both signers, leaving none for the last 'A.member'.
    const envelope = parse("AND(OR('A.member', 'A.member'), 'A.member')");
    const result = evaluateSignaturePolicy(envelope, [signer('A.admin'), signer('A.peer')]);
    expect(result.satisfied).toBe(false);
    expect(evaluateSignaturePolicy(envelope, [signer('A.admin'), signer('A.peer'), signer('A.client')]).satisfied).toBe(
      true,
    );
  });

  it('order matters: a member rule first can take the only admin', () => {
    const envelope = parse("AND('A.member', 'A.admin')");
    expect(evaluateSignaturePolicy(envelope, [signer('A.admin'), signer('A.peer')]).satisfied).toBe(false);
    expect(evaluateSignaturePolicy(envelope, [signer('A.peer'), signer('A.admin')]).satisfied).toBe(true);
  });

  it('MAJORITY of 2 needs 2', () => {
    expect(implicitMetaThreshold('MAJORITY', 2)).toBe(2);
    const envelope = parse(`OutOf(${implicitMetaThreshold('MAJORITY', 2)}, 'Org1MSP.admin', 'Org2MSP.admin')`);
    const one = evaluateSignaturePolicy(envelope, [signer('Org1MSP.admin')]);
    expect(one.satisfied).toBe(false);
    expect(one.description).toBe('1 more of: Org2MSP.admin');
    expect(evaluateSignaturePolicy(envelope, [signer('Org1MSP.admin'), signer('Org2MSP.admin')]).satisfied).toBe(true);
  });

  it('t = n + 1 is never satisfied, t = 0 always', () => {
    const never = parse("OutOf(3, 'A.member', 'B.member')");
    const result = evaluateSignaturePolicy(never, [signer('A.admin'), signer('B.admin'), signer('A.member')]);
    expect(result.satisfied).toBe(false);
    expect(result.missing).toEqual([]);
    expect(result.description).toMatch(/can never be satisfied/);
    expect(evaluateSignaturePolicy(parse("OutOf(0, 'A.admin')"), []).satisfied).toBe(true);
  });

  it('member is met by any role of that MSP; other roles only by themselves', () => {
    for (const role of ['admin', 'client', 'peer', 'orderer', 'member'] as const) {
      expect(evaluateSignaturePolicy(parse("OR('A.member')"), [{ mspId: 'A', role }]).satisfied).toBe(true);
    }
    expect(evaluateSignaturePolicy(parse("OR('A.client')"), [signer('A.admin')]).satisfied).toBe(false);
    expect(evaluateSignaturePolicy(parse("OR('A.admin')"), [signer('A.member')]).satisfied).toBe(false);
    expect(evaluateSignaturePolicy(parse("OR('A.admin')"), [signer('B.admin')]).satisfied).toBe(false);
  });

  it('reports the smallest additional signer sets', () => {
    const envelope = parse("OutOf(2, 'Org1MSP.admin', 'Org2MSP.admin', 'Org3MSP.admin')");
    const result = evaluateSignaturePolicy(envelope, [signer('Org1MSP.admin')]);
    expect(result.missing).toEqual([[{ mspId: 'Org2MSP', role: 'admin' }], [{ mspId: 'Org3MSP', role: 'admin' }]]);
    expect(result.description).toBe('1 more of: Org2MSP.admin, Org3MSP.admin');
    const none = evaluateSignaturePolicy(parse("AND('A.admin', 'B.peer')"), []);
    expect(none.missing).toEqual([
      [
        { mspId: 'A', role: 'admin' },
        { mspId: 'B', role: 'peer' },
      ],
    ]);
    expect(none.description).toBe('2 more: A.admin + B.peer');
  });
});

describe('evaluateSignaturePolicy: properties', () => {
  it('agrees with a direct transcription of cauthdsl on random policies and signers', () => {
    fc.assert(
      fc.property(treeArbitrary, signersArbitrary, (tree, signers) => {
        const envelope = parse(renderTree(tree));
        expect(isSatisfiedBy(envelope, signers)).toBe(referenceEvaluate(envelope, signers));
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('every reported missing set completes the policy, and no smaller set does', () => {
    fc.assert(
      fc.property(treeArbitrary, signersArbitrary, (tree, signers) => {
        const envelope = parse(renderTree(tree));
        const result = evaluateSignaturePolicy(envelope, signers);
        if (result.satisfied) return;
        for (const set of result.missing) expect(referenceEvaluate(envelope, [...signers, ...set])).toBe(true);
        const first = result.missing[0];
        if (first === undefined || first.length !== 1) return;
        // Size 1 is minimal by definition; check no other single principal was left out.
        const reported = new Set(result.missing.map((set) => JSON.stringify(set[0])));
        for (const identity of envelope.identities) {
          if (!reported.has(JSON.stringify(identity)) && result.missing.length < 8) {
            expect(referenceEvaluate(envelope, [...signers, identity])).toBe(false);
          }
        }
      }),
      { seed: 11, numRuns: 150 },
    );
  });

  it('AND/OR/OutOf algebra: AND = OutOf(n), OR = OutOf(1), nesting order of AND is irrelevant for distinct MSPs', () => {
    const principal = fc.constantFrom("'A.admin'", "'B.peer'", "'C.member'", "'D.client'");
    fc.assert(
      fc.property(fc.uniqueArray(principal, { minLength: 1, maxLength: 4 }), signersArbitrary, (ps, signers) => {
        const and = evaluateSignaturePolicy(parse(`AND(${ps.join(', ')})`), signers).satisfied;
        const outOfN = evaluateSignaturePolicy(parse(`OutOf(${ps.length}, ${ps.join(', ')})`), signers).satisfied;
        const or = evaluateSignaturePolicy(parse(`OR(${ps.join(', ')})`), signers).satisfied;
        const outOf1 = evaluateSignaturePolicy(parse(`OutOf(1, ${ps.join(', ')})`), signers).satisfied;
        const reversed = evaluateSignaturePolicy(parse(`AND(${[...ps].reverse().join(', ')})`), signers).satisfied;
        expect(and).toBe(outOfN);
        expect(or).toBe(outOf1);
        expect(reversed).toBe(and);
        if (and) expect(or).toBe(true);
      }),
      { seed: 3, numRuns: 300 },
    );
  });
});

describe('evaluateSignaturePolicy: large policies', () => {
  it('MAJORITY of 20 admins with 5 signatures reports 6 more, even when the search is too large', () => {
    const orgs = Array.from({ length: 20 }, (_, i) => `Org${i + 1}MSP`);
    const envelope = parse(
      `OutOf(${implicitMetaThreshold('MAJORITY', 20)}, ${orgs.map((o) => `'${o}.admin'`).join(', ')})`,
    );
    const signed = orgs.slice(0, 5).map((mspId): Signer => ({ mspId, role: 'admin' }));
    const result = evaluateSignaturePolicy(envelope, signed);
    expect(result.satisfied).toBe(false);
    expect(result.missing).toHaveLength(1);
    const [set] = result.missing;
    expect(set).toHaveLength(6);
    expect(set?.every((identity) => !orgs.slice(0, 5).includes(identity.mspId))).toBe(true);
    expect(result.description).toBe(
      `6 more of: ${orgs
        .slice(5)
        .map((o) => `${o}.admin`)
        .sort()
        .join(', ')}`,
    );
    expect(referenceEvaluate(envelope, [...signed, ...(set ?? [])])).toBe(true);
  });
});
