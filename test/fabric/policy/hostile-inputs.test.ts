// Each hostile input must end in an error or a result — never a stack overflow or a hang. The
// time each takes is printed by `npm run bench:policy-hostile`, not asserted here.
import { describe, expect, it } from 'vitest';
import {
  encodeSignaturePolicyEnvelope,
  evaluateSignaturePolicy,
  formatSignaturePolicy,
  MAX_POLICY_DEPTH,
  parseSignaturePolicy,
} from '../../../tools/src/fabric/policy/index.ts';

const DEPTH = 300_000;

const nested = (gate: string, depth: number): string => `${gate}(`.repeat(depth) + "'A.member'" + ')'.repeat(depth);

describe('hostile inputs', () => {
  it('Fabric decodes 10,000 nested messages, two per gate: 4,996 gates fit wherever Fabric carries a policy', () => {
    // The deepest carrier: ApproveChaincodeDefinitionForMyOrgArgs > CollectionConfigPackage >
    // CollectionConfig > StaticCollectionConfig > CollectionPolicyConfig > SignaturePolicyEnvelope >
    // SignaturePolicy, then NOutOf + SignaturePolicy per gate.
    expect(MAX_POLICY_DEPTH).toBe(4996);
    expect(7 + 2 * MAX_POLICY_DEPTH).toBeLessThanOrEqual(10_000);
  });

  it('the deepest policy Fabric decodes parses, and evaluates, formats and encodes without recursion', () => {
    const parsed = parseSignaturePolicy(nested('OR', MAX_POLICY_DEPTH));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.envelope.identities).toEqual([{ mspId: 'A', role: 'member' }]);
    expect(evaluateSignaturePolicy(parsed.envelope, [{ mspId: 'A', role: 'peer' }]).satisfied).toBe(true);
    const missing = evaluateSignaturePolicy(parsed.envelope, []);
    expect(missing.description).toBe('1 more of: A.member');
    expect(formatSignaturePolicy(parsed.envelope)).toHaveLength(MAX_POLICY_DEPTH * 4 + 10);
    // Each level: key + length of SignaturePolicy, key + length of NOutOf, n = 1.
    expect(encodeSignaturePolicyEnvelope(parsed.envelope).length).toBeGreaterThan(MAX_POLICY_DEPTH * 8);
  });

  it.each([
    ['OR', MAX_POLICY_DEPTH + 1],
    ['OR', 20_000],
    ['AND', 200_000],
    ['OutOf(1, ', DEPTH],
  ])('%s nested %i levels is refused before anything walks it, naming the limit', (gate, depth) => {
    const unit = gate.endsWith(' ') ? gate : `${gate}(`;
    const text = unit.repeat(depth) + "'A.member'" + ')'.repeat(depth);
    const result = parseSignaturePolicy(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/nested more than 4,996 gates deep/);
    expect(result.error.message).toMatch(/10,000/);
    // The first gate too deep, so the error points into the text a person can look at.
    expect(result.error.offset).toBe(MAX_POLICY_DEPTH * unit.length);
  });

  it('4,996 unclosed gates end in an error naming the unclosed one', () => {
    const result = parseSignaturePolicy('AND('.repeat(MAX_POLICY_DEPTH) + "'A.member'");
    expect(result).toMatchObject({ ok: false, error: { offset: MAX_POLICY_DEPTH * 4 + 10 } });
    if (!result.ok) expect(result.error.message).toMatch(/not closed/);
  });

  it('300,000 opening parentheses end in an error', () => {
    const result = parseSignaturePolicy('('.repeat(DEPTH));
    expect(result).toMatchObject({ ok: false, error: { offset: DEPTH } });
  });

  it('a 5 MB principal parses, and a 5 MB non-principal is rejected with a short message', () => {
    const msp = 'A'.repeat(5_000_000);
    const parsed = parseSignaturePolicy(`OR('${msp}.admin')`);
    expect(parsed.ok && parsed.envelope.identities[0]?.mspId.length).toBe(5_000_000);
    const bad = parseSignaturePolicy(`OR('${msp}_.admin')`);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message.length).toBeLessThan(400);
  });

  it('a 5 MB unclosed string, number and identifier end in errors', () => {
    expect(parseSignaturePolicy(`OR('${'A'.repeat(5_000_000)}`)).toMatchObject({ ok: false, error: { offset: 3 } });
    expect(parseSignaturePolicy(`OutOf(${'9'.repeat(5_000_000)}, 'A.member')`).ok).toBe(false);
    expect(parseSignaturePolicy(`OR(${'x'.repeat(5_000_000)})`).ok).toBe(false);
  });

  it('unbalanced parentheses, trailing commas and unknown gates are errors', () => {
    expect(parseSignaturePolicy("OR('A.member'))").ok).toBe(false);
    expect(parseSignaturePolicy(')'.repeat(1000)).ok).toBe(false);
    expect(parseSignaturePolicy("OR('A.member',)").ok).toBe(false);
    expect(parseSignaturePolicy(`AND(${"'A.member',".repeat(100_000)})`).ok).toBe(false);
    expect(parseSignaturePolicy("XOR('A.member')").ok).toBe(false);
  });

  it('a 100,000-principal flat policy parses and evaluates', () => {
    const parsed = parseSignaturePolicy(
      `OutOf(2, ${Array.from({ length: 100_000 }, (_, i) => `'Org${i}.admin'`).join(', ')})`,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const result = evaluateSignaturePolicy(parsed.envelope, [{ mspId: 'Org5', role: 'admin' }]);
    expect(result.satisfied).toBe(false);
    expect(result.missing.length).toBeGreaterThan(0);
  });
});
