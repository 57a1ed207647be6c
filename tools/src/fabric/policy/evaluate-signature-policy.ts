import { findMissingSigners } from './find-missing-signers.ts';
import type { EvaluationResult, PolicyIdentity, PolicyRule, SignaturePolicyEnvelope, Signer } from './types.ts';

/**
 * Evaluates an envelope against signers the way Fabric's cauthdsl does, and when it is not
 * satisfied, says which additional signers would satisfy it.
 *
 * Each entry of `signers` is one distinct identity (Fabric deduplicates identical
 * certificates before evaluating; two entries here are two people).
 */
export function evaluateSignaturePolicy(
  envelope: SignaturePolicyEnvelope,
  signers: readonly Signer[],
): EvaluationResult {
  if (isSatisfiedBy(envelope, signers)) return { satisfied: true, missing: [], description: 'satisfied' };
  return { satisfied: false, ...findMissingSigners(envelope, signers) };
}

/**
 * cauthdsl semantics, iteratively:
 * - a `signedBy` takes the FIRST not-yet-used signer that satisfies its principal and marks it
 *   used (greedy and order-dependent: an earlier rule can take the signer a later rule needed);
 * - a gate evaluates EVERY child in order (even after its threshold is reached), each on a copy
 *   of the used-set that is kept only when the child is satisfied, and is satisfied when at
 *   least n children are.
 * Instead of copying the used-set per child, marks go on a trail that is unwound when a child
 * fails, which is equivalent and keeps memory linear for deeply nested policies.
 */
export function isSatisfiedBy(envelope: SignaturePolicyEnvelope, signers: readonly Signer[]): boolean {
  const used = new Array<boolean>(signers.length).fill(false);
  const trail: number[] = [];
  // One gate per level, kept in parallel arrays so a deep policy allocates no frame objects.
  const gateRules: (readonly PolicyRule[])[] = [];
  const gateN: number[] = [];
  const nextChild: number[] = [];
  const verified: number[] = [];
  const mark: number[] = [];
  let pending: PolicyRule | undefined = envelope.rule;
  let result: boolean | undefined;
  for (;;) {
    if (pending !== undefined) {
      if ('signedBy' in pending) {
        result = takeSigner(envelope.identities[pending.signedBy], signers, used, trail);
      } else {
        gateRules.push(pending.nOutOf.rules);
        gateN.push(pending.nOutOf.n);
        nextChild.push(0);
        verified.push(0);
        mark.push(trail.length);
        result = undefined;
      }
      pending = undefined;
    }
    const top = gateRules.length - 1;
    if (top < 0) return result === true;
    if (result !== undefined) {
      if (result) {
        verified[top] = (verified[top] as number) + 1;
      } else {
        while (trail.length > (mark[top] as number)) used[trail.pop() as number] = false;
      }
      result = undefined;
    }
    const rules = gateRules[top] as readonly PolicyRule[];
    const next = nextChild[top] as number;
    if (next < rules.length) {
      mark[top] = trail.length;
      nextChild[top] = next + 1;
      pending = rules[next];
    } else {
      result = (verified.pop() as number) >= (gateN.pop() as number);
      gateRules.pop();
      nextChild.pop();
      mark.pop();
    }
  }
}

/** Fabric's MSP role check: `member` is met by any identity of the MSP, other roles exactly. */
export function satisfiesPrincipal(signer: Signer, principal: PolicyIdentity): boolean {
  return signer.mspId === principal.mspId && (principal.role === 'member' || signer.role === principal.role);
}

function takeSigner(
  principal: PolicyIdentity | undefined,
  signers: readonly Signer[],
  used: boolean[],
  trail: number[],
): boolean {
  // An index outside the identities is a malformed envelope; Fabric refuses to compile it.
  if (principal === undefined) return false;
  for (let i = 0; i < signers.length; i++) {
    if (!used[i] && satisfiesPrincipal(signers[i] as Signer, principal)) {
      used[i] = true;
      trail.push(i);
      return true;
    }
  }
  return false;
}
