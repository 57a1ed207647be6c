import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSignaturePolicyEnvelope,
  formatSignaturePolicy,
  mspIdsOf,
  parseSignaturePolicy,
} from '../../../tools/src/fabric/policy/index.ts';
import { renderTree, spellingArbitrary, treeArbitrary } from './policy-arbitraries.ts';

describe('parse → format → parse', () => {
  it('is stable for random policies in any spelling', () => {
    fc.assert(
      fc.property(treeArbitrary, spellingArbitrary, (tree, spelling) => {
        const first = parseSignaturePolicy(renderTree(tree, spelling));
        expect(first.ok).toBe(true);
        if (!first.ok) return;
        const text = formatSignaturePolicy(first.envelope);
        const second = parseSignaturePolicy(text);
        expect(second).toEqual(first);
        if (second.ok) expect(formatSignaturePolicy(second.envelope)).toBe(text);
      }),
      { seed: 5, numRuns: 500 },
    );
  });

  it('spelling does not change the envelope or its bytes', () => {
    fc.assert(
      fc.property(treeArbitrary, spellingArbitrary, (tree, spelling) => {
        const canonical = parseSignaturePolicy(renderTree(tree));
        const spelled = parseSignaturePolicy(renderTree(tree, spelling));
        expect(spelled).toEqual(canonical);
        if (canonical.ok && spelled.ok) {
          expect(encodeSignaturePolicyEnvelope(spelled.envelope)).toEqual(
            encodeSignaturePolicyEnvelope(canonical.envelope),
          );
        }
      }),
      { seed: 9, numRuns: 300 },
    );
  });

  it('formats the canonical text and MSP IDs', () => {
    const parsed = parseSignaturePolicy(
      "or('A.member', and('B.admin', 'C.peer'), OutOf(1.5, 'A.client', 'D.orderer'))",
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(formatSignaturePolicy(parsed.envelope)).toBe(
      "OR('A.member', AND('B.admin', 'C.peer'), OR('A.client', 'D.orderer'))",
    );
    expect(mspIdsOf(parsed.envelope)).toEqual(['B', 'C', 'A', 'D']);
  });

  it('encodes the envelope Fabric builds (bytes from Fabric v3.1.1 proto.Marshal)', () => {
    const parsed = parseSignaturePolicy("OR('A.member', AND('B.member', 'C.member'))");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Buffer.from(encodeSignaturePolicyEnvelope(parsed.envelope)).toString('hex')).toBe(
      '12161214080112020802120c120a080212020800120208011a0512030a01421a0512030a01431a0512030a0141',
    );
  });
});

describe('encoding depth', () => {
  it('encodes a policy 1,000 levels deep, and refuses 300,000 levels with a readable error', () => {
    const nested = (depth: number) => 'OR('.repeat(depth) + "'A.member'" + ')'.repeat(depth);
    const shallow = parseSignaturePolicy(nested(1000));
    expect(shallow.ok && encodeSignaturePolicyEnvelope(shallow.envelope).length).toBeGreaterThan(1000);
    const deep = parseSignaturePolicy(nested(300_000));
    expect(deep.ok).toBe(true);
    if (deep.ok) expect(() => encodeSignaturePolicyEnvelope(deep.envelope)).toThrow(/nested too deeply to encode/);
  });
});
