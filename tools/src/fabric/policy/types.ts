/**
 * Data types of Fabric's signature-policy language and ImplicitMeta policies. They mirror the
 * protobuf messages `common.SignaturePolicyEnvelope`, `common.SignaturePolicy` and
 * `common.ImplicitMetaPolicy`, restricted to what Fabric's policy DSL can produce.
 */

/** The MSP roles the policy language names (`MSPRole.MSPRoleType`, lowercase as written). */
export type PolicyRole = 'admin' | 'member' | 'client' | 'peer' | 'orderer';

export const POLICY_ROLES: readonly PolicyRole[] = ['admin', 'member', 'client', 'peer', 'orderer'];

/** One `'<MSPID>.<role>'` principal: an `MSPPrincipal` of classification ROLE. */
export interface PolicyIdentity {
  readonly mspId: string;
  readonly role: PolicyRole;
}

/** `SignaturePolicy`: either `signedBy` (index into identities) or `nOutOf`. */
export type PolicyRule =
  { readonly signedBy: number } | { readonly nOutOf: { readonly n: number; readonly rules: readonly PolicyRule[] } };

export interface SignaturePolicyEnvelope {
  readonly version: 0;
  readonly identities: readonly PolicyIdentity[];
  readonly rule: PolicyRule;
}

/** What is wrong with an expression and where (0-based UTF-16 offset into the text). */
export interface PolicySyntaxError {
  readonly message: string;
  readonly offset: number;
}

export interface ImplicitMetaPolicy {
  readonly rule: 'ANY' | 'ALL' | 'MAJORITY';
  readonly subPolicy: string;
}

/** An identity that signed: its MSP and the role its certificate carries. */
export interface Signer {
  readonly mspId: string;
  readonly role: PolicyRole;
}

export interface EvaluationResult {
  readonly satisfied: boolean;
  /** Smallest additional signer sets (bounded in number), each sorted. Empty when satisfied. */
  readonly missing: readonly (readonly PolicyIdentity[])[];
  /** Human-readable summary, e.g. "1 more of: Org2MSP.admin, Org3MSP.admin". */
  readonly description: string;
}

export type ParseSignatureResult =
  { ok: true; envelope: SignaturePolicyEnvelope } | { ok: false; error: PolicySyntaxError };

export type ParseImplicitMetaResult =
  { ok: true; policy: ImplicitMetaPolicy } | { ok: false; error: PolicySyntaxError };

export type ParsedPolicy =
  { kind: 'signature'; envelope: SignaturePolicyEnvelope } | { kind: 'implicitMeta'; policy: ImplicitMetaPolicy };

export type ParsePolicyResult = { ok: true; policy: ParsedPolicy } | { ok: false; error: PolicySyntaxError };
