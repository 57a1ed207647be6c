/**
 * Fabric policy engine: signature-policy language (`common/policydsl`), ImplicitMeta policies,
 * evaluation with `common/cauthdsl` semantics, canonical formatting and protobuf encoding.
 */
export type {
  PolicyRole,
  PolicyIdentity,
  PolicyRule,
  SignaturePolicyEnvelope,
  PolicySyntaxError,
  ImplicitMetaPolicy,
  Signer,
  EvaluationResult,
  ParseSignatureResult,
  ParseImplicitMetaResult,
  ParsedPolicy,
  ParsePolicyResult,
} from './types.ts';
export { POLICY_ROLES } from './types.ts';
export { parseSignaturePolicy } from './parse-signature-policy.ts';
export { MAX_POLICY_DEPTH } from './policy-depth.ts';
export { parseImplicitMetaPolicy, parsePolicy, implicitMetaThreshold } from './implicit-meta.ts';
export { evaluateSignaturePolicy } from './evaluate-signature-policy.ts';
export { mspIdsOf, formatSignaturePolicy } from './format-signature-policy.ts';
export { encodeSignaturePolicyEnvelope } from './encode-signature-policy.ts';
export { describePolicyTree } from './describe-policy-tree.ts';
export { isSatisfiedBy, satisfiesPrincipal } from './evaluate-signature-policy.ts';
export { formatIdentity } from './format-signature-policy.ts';
