import type { PolicyIdentity, PolicyRule, SignaturePolicyEnvelope } from './types.ts';

/**
 * Canonical text of an envelope: `OR(...)` when one rule must hold, `AND(...)` when all must,
 * `OutOf(n, ...)` otherwise; principals as `'MSPID.role'`. For every envelope the parser
 * produces, parsing this text gives the same envelope (identities are written where they are
 * used, and the parser numbers them in the same order Fabric does). Iterative, so a policy
 * nested hundreds of thousands of levels deep formats without exhausting the call stack.
 */
export function formatSignaturePolicy(envelope: SignaturePolicyEnvelope): string {
  const out: string[] = [];
  const work: (PolicyRule | string)[] = [envelope.rule];
  while (work.length > 0) {
    const item = work.pop() as PolicyRule | string;
    if (typeof item === 'string') {
      out.push(item);
    } else if ('signedBy' in item) {
      out.push(formatIdentity(identityAt(envelope.identities, item.signedBy)));
    } else {
      const { n, rules } = item.nOutOf;
      const count = rules.length;
      if (count > 0 && n === 1) out.push('OR(');
      else if (count > 0 && n === count) out.push('AND(');
      else out.push(`OutOf(${n}${count > 0 ? ', ' : ''}`);
      work.push(')');
      for (let i = count - 1; i >= 0; i--) {
        work.push(rules[i] as PolicyRule);
        if (i > 0) work.push(', ');
      }
    }
  }
  return out.join('');
}

export function formatIdentity(identity: PolicyIdentity): string {
  return `'${identity.mspId}.${identity.role}'`;
}

/** Distinct MSP IDs the envelope names, in order of first appearance among its identities. */
export function mspIdsOf(envelope: SignaturePolicyEnvelope): readonly string[] {
  return [...new Set(envelope.identities.map((identity) => identity.mspId))];
}

function identityAt(identities: readonly PolicyIdentity[], index: number): PolicyIdentity {
  const identity = identities[index];
  if (identity === undefined)
    throw new RangeError(`signedBy ${index} is out of range (${identities.length} identities)`);
  return identity;
}
