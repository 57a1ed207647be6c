import {
  evaluateSignaturePolicy,
  formatSignaturePolicy,
  implicitMetaThreshold,
  parsePolicy,
  POLICY_ROLES,
} from '../fabric/policy/index.ts';
import type { EvaluationResult, ParsedPolicy, PolicyRole, PolicySyntaxError, Signer } from '../fabric/policy/index.ts';

/** `consortium policy parse`: the policy Fabric would build from the text, or where it is wrong. */
export type PolicyParseOutcome =
  | { readonly ok: true; readonly policy: ParsedPolicy; readonly canonical: string }
  | { readonly ok: false; readonly error: PolicySyntaxError };

export function runPolicyParse(options: { readonly expression: string }): PolicyParseOutcome {
  const parsed = parsePolicy(options.expression);
  if (!parsed.ok) return parsed;
  const canonical =
    parsed.policy.kind === 'signature'
      ? formatSignaturePolicy(parsed.policy.envelope)
      : `${parsed.policy.policy.rule} ${parsed.policy.policy.subPolicy}`;
  return { ok: true, policy: parsed.policy, canonical };
}

export type PolicyEvalOutcome =
  { readonly ok: true; readonly result: EvaluationResult } | { readonly ok: false; readonly error: PolicySyntaxError };

/**
 * `consortium policy eval`: whether the signers satisfy a signature policy and who is missing.
 * ImplicitMeta policies are rejected with an explanation: they are satisfied by sub-policies of
 * child groups, which a bare expression does not name.
 */
export function runPolicyEval(options: {
  readonly expression: string;
  readonly signers: readonly Signer[];
}): PolicyEvalOutcome {
  const parsed = parsePolicy(options.expression);
  if (!parsed.ok) return parsed;
  if (parsed.policy.kind === 'implicitMeta') {
    const { rule, subPolicy } = parsed.policy.policy;
    return {
      ok: false,
      error: {
        message:
          `${rule} ${subPolicy} is an ImplicitMeta policy: it needs ${rule.toLowerCase()} of the child groups' ` +
          `${subPolicy} policies (e.g. MAJORITY of 3 groups needs ${implicitMetaThreshold(rule, 3)}); ` +
          `evaluate those signature policies instead`,
        offset: 0,
      },
    };
  }
  return { ok: true, result: evaluateSignaturePolicy(parsed.policy.envelope, options.signers) };
}

/** `MSPID.role` as given to --signer; undefined when it is not one. */
export function parseSignerSpec(spec: string): Signer | undefined {
  const dot = spec.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const role = spec.slice(dot + 1);
  if (!(POLICY_ROLES as readonly string[]).includes(role)) return undefined;
  return { mspId: spec.slice(0, dot), role: role as PolicyRole };
}
