import { isSatisfiedBy } from './evaluate-signature-policy.ts';
import type { EvaluationResult, PolicyIdentity, PolicyRule, SignaturePolicyEnvelope, Signer } from './types.ts';

/** At most this many alternative signer sets are reported. */
const MAX_SETS = 8;
/** Upper bound on rule visits spent searching for the smallest completions. */
const WORK_LIMIT = 1_000_000;

/**
 * The smallest sets of additional signers that, appended after the current ones, satisfy the
 * policy. Candidates are the policy's own principals; sets of growing size are tried in order
 * (the evaluator is order-dependent, so each candidate is checked by evaluating, not by
 * reasoning about the tree). When the search would be too large, the cheapest structural
 * completion is reported instead.
 */
export function findMissingSigners(
  envelope: SignaturePolicyEnvelope,
  signers: readonly Signer[],
): Pick<EvaluationResult, 'missing' | 'description'> {
  const cheapest = cheapestCompletion(envelope);
  if (cheapest === undefined) {
    return { missing: [], description: 'can never be satisfied: a threshold exceeds the number of its rules' };
  }
  const candidates = distinctSorted(envelope.identities);
  const size = ruleCount(envelope.rule);
  let work = 0;
  for (let k = 1; k <= cheapest.length; k++) {
    const found: PolicyIdentity[][] = [];
    let exhausted = true;
    for (const set of multisets(candidates, k)) {
      work += size;
      if (work > WORK_LIMIT) {
        exhausted = false;
        break;
      }
      if (isSatisfiedBy(envelope, [...signers, ...set])) {
        found.push(set);
        if (found.length > MAX_SETS) break;
      }
    }
    if (found.length > 0) return describe(found, k);
    if (!exhausted) break;
  }
  const fallback = sortIdentities(cheapest);
  if (isSatisfiedBy(envelope, [...signers, ...fallback])) {
    return {
      missing: [fallback],
      description: `${fallback.length} more, for example: ${fallback.map(nameOf).join(' + ')}`,
    };
  }
  return { missing: [], description: 'not satisfied; no completion found within the search limit' };
}

function describe(found: PolicyIdentity[][], k: number): Pick<EvaluationResult, 'missing' | 'description'> {
  const more = found.length > MAX_SETS;
  const missing = found.slice(0, MAX_SETS);
  if (k === 1) {
    const names = missing.map((set) => nameOf(set[0] as PolicyIdentity));
    return { missing, description: `1 more of: ${names.join(', ')}${more ? ', …' : ''}` };
  }
  const options = missing.map((set) => set.map(nameOf).join(' + '));
  return { missing, description: `${k} more: ${options.join(', or ')}${more ? ', or …' : ''}` };
}

function nameOf(identity: PolicyIdentity): string {
  return `${identity.mspId}.${identity.role}`;
}

/** All multisets of size k over the (sorted) candidates, in lexicographic order, each sorted. */
function* multisets(candidates: readonly PolicyIdentity[], k: number): Generator<PolicyIdentity[]> {
  if (candidates.length === 0) return;
  const picks = new Array<number>(k).fill(0);
  for (;;) {
    yield picks.map((i) => candidates[i] as PolicyIdentity);
    let j = k - 1;
    while (j >= 0 && picks[j] === candidates.length - 1) j--;
    if (j < 0) return;
    const next = (picks[j] as number) + 1;
    for (let i = j; i < k; i++) picks[i] = next;
  }
}

function compareIdentities(a: PolicyIdentity, b: PolicyIdentity): number {
  if (a.mspId !== b.mspId) return a.mspId < b.mspId ? -1 : 1;
  return a.role < b.role ? -1 : a.role > b.role ? 1 : 0;
}

function sortIdentities(identities: readonly PolicyIdentity[]): PolicyIdentity[] {
  return [...identities].sort(compareIdentities);
}

function distinctSorted(identities: readonly PolicyIdentity[]): PolicyIdentity[] {
  const seen = new Map<string, PolicyIdentity>();
  for (const identity of identities) seen.set(`${identity.mspId}\u0000${identity.role}`, identity);
  return sortIdentities([...seen.values()]);
}

function ruleCount(root: PolicyRule): number {
  let count = 0;
  const work: PolicyRule[] = [root];
  while (work.length > 0) {
    const rule = work.pop() as PolicyRule;
    count++;
    if ('nOutOf' in rule) work.push(...rule.nOutOf.rules);
  }
  return count;
}

/**
 * A fewest-principals set satisfying the tree on its own (each gate takes its n cheapest
 * children), or undefined when no set can (some needed threshold exceeds its rule count).
 * Two passes without recursion: costs bottom-up, then the chosen principals top-down.
 */
function cheapestCompletion(envelope: SignaturePolicyEnvelope): PolicyIdentity[] | undefined {
  const cost = new Map<PolicyRule, number>();
  const work: PolicyRule[] = [envelope.rule];
  const expanded: boolean[] = [false];
  while (work.length > 0) {
    const rule = work.pop() as PolicyRule;
    if ('signedBy' in rule) {
      expanded.pop();
      cost.set(rule, envelope.identities[rule.signedBy] === undefined ? Infinity : 1);
    } else if (expanded.pop() !== true) {
      work.push(rule);
      expanded.push(true);
      for (const child of rule.nOutOf.rules) {
        work.push(child);
        expanded.push(false);
      }
    } else {
      const { n, rules } = rule.nOutOf;
      cost.set(rule, n > rules.length ? Infinity : sumCheapest(cheapestChildren(rule, cost), cost));
    }
  }
  if (!Number.isFinite(cost.get(envelope.rule))) return undefined;
  const chosen: PolicyIdentity[] = [];
  const pick: PolicyRule[] = [envelope.rule];
  while (pick.length > 0) {
    const rule = pick.pop() as PolicyRule;
    if ('signedBy' in rule) chosen.push(envelope.identities[rule.signedBy] as PolicyIdentity);
    else pick.push(...cheapestChildren(rule, cost));
  }
  return chosen;
}

function cheapestChildren(
  rule: Extract<PolicyRule, { nOutOf: unknown }>,
  cost: ReadonlyMap<PolicyRule, number>,
): PolicyRule[] {
  const { n, rules } = rule.nOutOf;
  if (n === 0) return [];
  if (rules.length === 1) return [...rules];
  return [...rules].sort((a, b) => (cost.get(a) ?? Infinity) - (cost.get(b) ?? Infinity)).slice(0, n);
}

function sumCheapest(children: readonly PolicyRule[], cost: ReadonlyMap<PolicyRule, number>): number {
  let total = 0;
  for (const child of children) total += cost.get(child) ?? Infinity;
  return total;
}
