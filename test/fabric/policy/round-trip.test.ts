import { common, msp } from '@hyperledger/fabric-protos';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeSignaturePolicyEnvelope,
  formatSignaturePolicy,
  MAX_POLICY_DEPTH,
  mspIdsOf,
  parseSignaturePolicy,
} from '../../../tools/src/fabric/policy/index.ts';
import type { PolicyRole, PolicyRule, SignaturePolicyEnvelope } from '../../../tools/src/fabric/policy/index.ts';
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

const ROLE_CODES: Record<PolicyRole, number> = { member: 0, admin: 1, client: 2, peer: 3, orderer: 4 };

/** The protobuf library's serializer (recursive), the reference for shallow policies. */
function encodeWithLibrary(envelope: SignaturePolicyEnvelope): Uint8Array {
  const build = (rule: PolicyRule): common.SignaturePolicy => {
    const message = new common.SignaturePolicy();
    if ('signedBy' in rule) {
      message.setSignedBy(rule.signedBy);
    } else {
      const nOutOf = new common.SignaturePolicy.NOutOf();
      nOutOf.setN(rule.nOutOf.n);
      nOutOf.setRulesList(rule.nOutOf.rules.map(build));
      message.setNOutOf(nOutOf);
    }
    return message;
  };
  const message = new common.SignaturePolicyEnvelope();
  message.setVersion(envelope.version);
  message.setRule(build(envelope.rule));
  message.setIdentitiesList(
    envelope.identities.map((identity) => {
      const role = new msp.MSPRole();
      role.setMspIdentifier(identity.mspId);
      role.setRole(ROLE_CODES[identity.role] as msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap]);
      const principal = new msp.MSPPrincipal();
      principal.setPrincipal(role.serializeBinary());
      return principal;
    }),
  );
  return message.serializeBinary();
}

describe('encoding', () => {
  it('writes the bytes the protobuf library writes, for random policies', () => {
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        const parsed = parseSignaturePolicy(renderTree(tree));
        expect(parsed.ok).toBe(true);
        if (parsed.ok)
          expect(encodeSignaturePolicyEnvelope(parsed.envelope)).toEqual(encodeWithLibrary(parsed.envelope));
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});

describe('encoding depth', () => {
  it('encodes the deepest policy Fabric decodes with the bytes the protobuf library writes at shallow depth', () => {
    const nested = (depth: number) => 'OR('.repeat(depth) + "'A.member'" + ')'.repeat(depth);
    const shallow = parseSignaturePolicy(nested(1000));
    expect(shallow.ok).toBe(true);
    if (!shallow.ok) return;
    const bytes = encodeSignaturePolicyEnvelope(shallow.envelope);
    expect(common.SignaturePolicyEnvelope.deserializeBinary(bytes).getRule()?.hasNOutOf()).toBe(true);
    const deepest = parseSignaturePolicy(nested(MAX_POLICY_DEPTH));
    expect(deepest.ok).toBe(true);
    if (deepest.ok) expect(encodeSignaturePolicyEnvelope(deepest.envelope).length).toBeGreaterThan(bytes.length);
  });
});
