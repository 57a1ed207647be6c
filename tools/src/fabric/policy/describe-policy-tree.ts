import type { PolicyRule, SignaturePolicyEnvelope } from './types.ts';

/** Deeper levels are summarised: a tree thousands of levels deep is not readable anyway. */
const MAX_SHOWN_DEPTH = 40;

/**
 * The envelope as an indented outline for people: numbered identities, then the rule tree
 * ("2 of:", "signed by #0 Org1MSP.admin"). Iterative, depth-limited.
 */
export function describePolicyTree(envelope: SignaturePolicyEnvelope): string {
  const lines = ['identities (Fabric order):'];
  envelope.identities.forEach((identity, index) => lines.push(`  #${index} ${identity.mspId}.${identity.role}`));
  lines.push('rule:');
  const work: { rule: PolicyRule; depth: number }[] = [{ rule: envelope.rule, depth: 1 }];
  while (work.length > 0) {
    const { rule, depth } = work.pop() as { rule: PolicyRule; depth: number };
    const indent = '  '.repeat(depth);
    if (depth > MAX_SHOWN_DEPTH) {
      lines.push(`${indent}… (nested deeper than ${MAX_SHOWN_DEPTH} levels)`);
      continue;
    }
    if ('signedBy' in rule) {
      const identity = envelope.identities[rule.signedBy];
      lines.push(
        `${indent}signed by #${rule.signedBy} ${identity === undefined ? '(missing identity)' : `${identity.mspId}.${identity.role}`}`,
      );
      continue;
    }
    const { n, rules } = rule.nOutOf;
    const note = n === 0 ? ' (always satisfied)' : n > rules.length ? ' (never satisfied)' : '';
    lines.push(`${indent}${n} of ${rules.length}${note}:`);
    for (let i = rules.length - 1; i >= 0; i--) work.push({ rule: rules[i] as PolicyRule, depth: depth + 1 });
  }
  return lines.join('\n');
}
