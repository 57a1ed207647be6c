import { isSatisfiedBy, satisfiesPrincipal } from './evaluate-signature-policy.ts';
import type { EvaluationResult, PolicyIdentity, PolicyRule, SignaturePolicyEnvelope, Signer } from './types.ts';

/** At most this many alternative signer sets are reported. */
const MAX_SETS = 8;
/** Upper bound on rule visits spent searching for the smallest completions. */
const WORK_LIMIT = 1_000_000;

/**
 * The smallest sets of additional signers that, appended after the current ones, satisfy the
 * policy. Candidates are the policy's own principals; sets of growing size are tried in order
 * (the evaluator is order-dependent, so each candidate is checked by evaluating, not by
 * reasoning about the tree). When the search would be too large, one minimal completion (the
 * cheapest structural one, with what the current signers make unnecessary removed) is reported.
 */
export function findMissingSigners(
  envelope: SignaturePolicyEnvelope,
  signers: readonly Signer[],
): Pick<EvaluationResult, 'missing' | 'description'> {
  const found = searchMissingSigners(envelope, signers);
  const flat = describeFlatGate(envelope, signers);
  return flat === undefined || found.missing.length === 0 ? found : { ...found, description: flat };
}

function searchMissingSigners(
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
  const fallback = shrinkCompletion(envelope, signers, sortIdentities(cheapest));
  if (fallback !== undefined) {
    return {
      missing: [fallback],
      description: `${fallback.length} more, for example: ${fallback.map(nameOf).join(' + ')}`,
    };
  }
  return { missing: [], description: 'not satisfied; no completion found within the search limit' };
}

/**
 * The cheapest completion ignores who already signed; drop each member that the policy does
 * not need given the current signers (one evaluation per member), so the answer is minimal
 * even when the exhaustive search was too large.
 */
function shrinkCompletion(
  envelope: SignaturePolicyEnvelope,
  signers: readonly Signer[],
  completion: readonly PolicyIdentity[],
): PolicyIdentity[] | undefined {
  if (!isSatisfiedBy(envelope, [...signers, ...completion])) return undefined;
  const kept = [...completion];
  for (let i = kept.length - 1; i >= 0; i--) {
    const without = [...kept.slice(0, i), ...kept.slice(i + 1)];
    if (isSatisfiedBy(envelope, [...signers, ...without])) kept.splice(i, 1);
  }
  return kept;
}

/**
 * For the most common shape, one OutOf over principals (what MAJORITY/ALL/ANY of member admins
 * becomes), the readable answer is "k more of: <the principals not yet matched>". Matching is
 * replayed with Fabric's greedy rule; added signers come last, so they only fill unmatched rules.
 */
function describeFlatGate(envelope: SignaturePolicyEnvelope, signers: readonly Signer[]): string | undefined {
  const root = envelope.rule;
  if (!('nOutOf' in root) || !root.nOutOf.rules.every((rule) => 'signedBy' in rule)) return undefined;
  const used = new Array<boolean>(signers.length).fill(false);
  const unmatched: PolicyIdentity[] = [];
  for (const rule of root.nOutOf.rules) {
    const principal = 'signedBy' in rule ? envelope.identities[rule.signedBy] : undefined;
    if (principal === undefined) return undefined;
    const index = signers.findIndex((signer, i) => !used[i] && satisfiesPrincipal(signer, principal));
    if (index >= 0) used[index] = true;
    else unmatched.push(principal);
  }
  const k = root.nOutOf.n - (root.nOutOf.rules.length - unmatched.length);
  if (k <= 0 || k > unmatched.length) return undefined;
  const names = sortIdentities(unmatched).map(nameOf);
  // When every unmatched rule is needed, say so ("2 more: A + B") rather than offer a choice.
  return k === unmatched.length && k > 1 ? `${k} more: ${names.join(' + ')}` : `${k} more of: ${names.join(', ')}`;
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
