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
  const stack: { rules: readonly PolicyRule[]; n: number; next: number; verified: number; mark: number }[] = [];
  let pending: PolicyRule | undefined = envelope.rule;
  let result: boolean | undefined;
  for (;;) {
    if (pending !== undefined) {
      if ('signedBy' in pending) {
        result = takeSigner(envelope.identities[pending.signedBy], signers, used, trail);
      } else {
        stack.push({ rules: pending.nOutOf.rules, n: pending.nOutOf.n, next: 0, verified: 0, mark: trail.length });
        result = undefined;
      }
      pending = undefined;
    }
    const top = stack[stack.length - 1];
    if (top === undefined) return result === true;
    if (result !== undefined) {
      if (result) {
        top.verified++;
      } else {
        while (trail.length > top.mark) used[trail.pop() as number] = false;
      }
      result = undefined;
    }
    if (top.next < top.rules.length) {
      top.mark = trail.length;
      pending = top.rules[top.next++];
    } else {
      stack.pop();
      result = top.verified >= top.n;
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
