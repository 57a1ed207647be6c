import { parseSignaturePolicy } from './parse-signature-policy.ts';
import type { ImplicitMetaPolicy, ParseImplicitMetaResult, ParsePolicyResult } from './types.ts';

const RULES: readonly ImplicitMetaPolicy['rule'][] = ['ANY', 'ALL', 'MAJORITY'];

/**
 * `ANY|ALL|MAJORITY <SubPolicy>` as Fabric's `policies.ImplicitMetaFromString` reads it: the text
 * split on single spaces must give exactly two parts, the first an uppercase rule name. Like
 * Fabric, the sub-policy name itself is not checked further.
 */
export function parseImplicitMetaPolicy(expr: string): ParseImplicitMetaResult {
  const parts = expr.split(' ');
  if (parts.length !== 2) {
    const offset = parts.length < 2 ? expr.length : (parts[0]?.length ?? 0) + 1 + (parts[1]?.length ?? 0);
    return {
      ok: false,
      error: {
        message: `expected "<ANY|ALL|MAJORITY> <SubPolicy>" (two parts separated by one space), got ${parts.length} parts`,
        offset,
      },
    };
  }
  const [rule = '', subPolicy = ''] = parts;
  if (!(RULES as readonly string[]).includes(rule)) {
    return { ok: false, error: { message: `unknown rule '${rule}': expected ANY, ALL or MAJORITY`, offset: 0 } };
  }
  return { ok: true, policy: { rule: rule as ImplicitMetaPolicy['rule'], subPolicy } };
}

/** Either kind: ImplicitMeta when the text starts with ANY/ALL/MAJORITY and a space. */
export function parsePolicy(expr: string): ParsePolicyResult {
  if (/^(?:ANY|ALL|MAJORITY) /.test(expr)) {
    const parsed = parseImplicitMetaPolicy(expr);
    return parsed.ok ? { ok: true, policy: { kind: 'implicitMeta', policy: parsed.policy } } : parsed;
  }
  const parsed = parseSignaturePolicy(expr);
  return parsed.ok ? { ok: true, policy: { kind: 'signature', envelope: parsed.envelope } } : parsed;
}

/**
 * How many of the `n` child groups must satisfy their sub-policy (Fabric's
 * common/policies/implicitmeta.go): ANY 1, ALL n, MAJORITY floor(n/2)+1, and 0 when there are
 * no groups at all.
 */
export function implicitMetaThreshold(rule: ImplicitMetaPolicy['rule'], n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`group count must be a non-negative integer, got ${n}`);
  if (n === 0) return 0;
  if (rule === 'ANY') return 1;
  if (rule === 'ALL') return n;
  return Math.floor(n / 2) + 1;
}
