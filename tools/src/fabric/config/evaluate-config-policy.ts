// Evaluates a channel config policy against a set of verified signers, as the orderer's policy
// manager does: a signature policy with the cauthdsl evaluator, an ImplicitMeta policy by
// counting the sub-groups whose policy of that name is satisfied. A sub-group without that policy
// still counts in the total and never satisfies it.
import { common, msp } from '@hyperledger/fabric-protos';
import type { ConfigGroupNode } from './config-tree.ts';
import { findPolicy } from './policy-for-item.ts';
import { POLICY_TYPE_IMPLICIT_META, POLICY_TYPE_SIGNATURE } from './config-policies.ts';
import {
  evaluateSignaturePolicy,
  formatSignaturePolicy,
  implicitMetaThreshold,
  type ImplicitMetaPolicy,
  type PolicyIdentity,
  type PolicyRole,
  type PolicyRule,
  type SignaturePolicyEnvelope,
  type Signer,
} from '../policy/index.ts';

export interface ConfigPolicyVerdict {
  /** Absolute path, e.g. "/Channel/Application/Admins". */
  readonly path: string;
  /** The policy as text: "MAJORITY Admins", "OR('Org1MSP.admin')". */
  readonly policy: string;
  readonly satisfied: boolean;
  /** What is still needed, e.g. "2 more of: Org1MSP, Org2MSP, Org3MSP admins"; '' when satisfied. */
  readonly missing: string;
  /** MSP IDs whose admins could still sign towards it (empty when satisfied). */
  readonly candidates: readonly string[];
}

/** Evaluates the policy at `path` (absolute) in `channelGroup`. A missing policy rejects everything. */
export function evaluateConfigPolicy(
  channelGroup: ConfigGroupNode,
  path: string,
  signers: readonly Signer[],
): ConfigPolicyVerdict {
  return evaluateAt(channelGroup, path, signers, 0);
}

const MAX_DEPTH = 64;

function evaluateAt(
  channelGroup: ConfigGroupNode,
  path: string,
  signers: readonly Signer[],
  depth: number,
): ConfigPolicyVerdict {
  const found = findPolicy(channelGroup, path);
  if (found === undefined) return reject(path, 'no such policy', `no such policy: '${path}'`);
  const { policy, group } = found;
  if (policy.policyType === POLICY_TYPE_SIGNATURE) {
    const envelope = decodeSignaturePolicy(policy.policyValue);
    if (envelope === undefined) return reject(path, 'unreadable signature policy', 'the policy does not decode');
    const result = evaluateSignaturePolicy(envelope, signers);
    return {
      path,
      policy: formatSignaturePolicy(envelope),
      satisfied: result.satisfied,
      missing: result.satisfied ? '' : describeSignatureMissing(envelope, result.description),
      candidates: result.satisfied ? [] : [...new Set(envelope.identities.map((i) => i.mspId))].sort(),
    };
  }
  if (policy.policyType === POLICY_TYPE_IMPLICIT_META) {
    const meta = decodeImplicitMetaPolicy(policy.policyValue);
    if (meta === undefined) return reject(path, 'unreadable ImplicitMeta policy', 'the policy does not decode');
    const text = `${meta.rule} ${meta.subPolicy}`;
    if (depth >= MAX_DEPTH) return reject(path, text, 'policies nest too deeply');
    const children = Object.keys(group.groups)
      .sort()
      .map((name) =>
        evaluateAt(
          channelGroup,
          `${path.slice(0, path.lastIndexOf('/'))}/${name}/${meta.subPolicy}`,
          signers,
          depth + 1,
        ),
      );
    const threshold = implicitMetaThreshold(meta.rule, children.length);
    const satisfiedCount = children.filter((c) => c.satisfied).length;
    const satisfied = satisfiedCount >= threshold;
    const open = children.filter((c) => !c.satisfied);
    return {
      path,
      policy: text,
      satisfied,
      missing: satisfied ? '' : describeImplicitMissing(threshold - satisfiedCount, open),
      candidates: satisfied ? [] : [...new Set(open.flatMap((c) => c.candidates))].sort(),
    };
  }
  return reject(path, `policy type ${policy.policyType}`, `unsupported policy type ${policy.policyType}`);
}

function reject(path: string, policy: string, missing: string): ConfigPolicyVerdict {
  return { path, policy, satisfied: false, missing, candidates: [] };
}

/** "Org1MSP admins" when one MSP's one role is all a policy asks for; otherwise undefined. */
function singleMspRole(verdict: ConfigPolicyVerdict): string | undefined {
  const match = /^(?:OR\()?'([A-Za-z0-9.-]+)\.(admin|member|client|peer|orderer)'\)?$/.exec(verdict.policy);
  if (match === null) return undefined;
  return `${match[1]} ${match[2]}s`;
}

function describeImplicitMissing(more: number, open: readonly ConfigPolicyVerdict[]): string {
  const simple = open.map(singleMspRole);
  if (simple.every((s): s is string => s !== undefined) && open.length > 0) {
    const roles = new Set(simple.map((s) => s.slice(s.lastIndexOf(' ') + 1)));
    if (roles.size === 1) {
      const role = [...roles][0] as string;
      const msps = simple.map((s) => s.slice(0, s.lastIndexOf(' ')));
      return `needs ${more} of: ${msps.join(', ')} ${role}`;
    }
  }
  return `needs ${more} of: ${open.map((c) => `${c.path} (${c.missing})`).join('; ')}`;
}

function describeSignatureMissing(envelope: SignaturePolicyEnvelope, description: string): string {
  const msps = [...new Set(envelope.identities.map((i) => i.mspId))];
  const roles = [...new Set(envelope.identities.map((i) => i.role))];
  if (msps.length === 1 && roles.length === 1) return `needs ${msps[0]} ${roles[0]}s`;
  return `needs ${description}`;
}

const ROLE_NAMES: Readonly<Record<number, PolicyRole>> = {
  [msp.MSPRole.MSPRoleType.MEMBER]: 'member',
  [msp.MSPRole.MSPRoleType.ADMIN]: 'admin',
  [msp.MSPRole.MSPRoleType.CLIENT]: 'client',
  [msp.MSPRole.MSPRoleType.PEER]: 'peer',
  [msp.MSPRole.MSPRoleType.ORDERER]: 'orderer',
};

/**
 * A SignaturePolicyEnvelope's bytes as the policy engine's envelope. Principals other than MSP
 * roles (a named certificate, an OU) cannot be matched by this evaluator: they become an identity
 * of an MSP ID no signer has, so they fail closed.
 */
export function decodeSignaturePolicy(bytes: Uint8Array): SignaturePolicyEnvelope | undefined {
  let message: common.SignaturePolicyEnvelope;
  try {
    message = common.SignaturePolicyEnvelope.deserializeBinary(bytes);
  } catch {
    return undefined;
  }
  const identities: PolicyIdentity[] = message.getIdentitiesList().map((principal) => {
    if (principal.getPrincipalClassification() !== msp.MSPPrincipal.Classification.ROLE) {
      return { mspId: '(unsupported principal)', role: 'admin' };
    }
    try {
      const role = msp.MSPRole.deserializeBinary(principal.getPrincipal_asU8());
      return { mspId: role.getMspIdentifier(), role: ROLE_NAMES[role.getRole()] ?? 'admin' };
    } catch {
      return { mspId: '(unreadable principal)', role: 'admin' };
    }
  });
  const root = message.getRule();
  if (root === undefined) return undefined;
  const rule = convertRule(root);
  return rule === undefined ? undefined : { version: 0, identities, rule };
}

function convertRule(root: common.SignaturePolicy): PolicyRule | undefined {
  // Iterative post-order conversion; a hostile policy may nest deeply.
  const built = new Map<common.SignaturePolicy, PolicyRule>();
  const work: { node: common.SignaturePolicy; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (work.length > 0) {
    const item = work.pop() as { node: common.SignaturePolicy; expanded: boolean };
    if (item.node.hasSignedBy()) {
      built.set(item.node, { signedBy: item.node.getSignedBy() });
      continue;
    }
    const gate = item.node.getNOutOf();
    if (gate === undefined) return undefined;
    if (!item.expanded) {
      work.push({ node: item.node, expanded: true });
      for (const child of gate.getRulesList()) work.push({ node: child, expanded: false });
      continue;
    }
    const rules = gate.getRulesList().map((child) => built.get(child));
    if (rules.some((r) => r === undefined)) return undefined;
    built.set(item.node, { nOutOf: { n: gate.getN(), rules: rules as PolicyRule[] } });
  }
  return built.get(root);
}

export function decodeImplicitMetaPolicy(bytes: Uint8Array): ImplicitMetaPolicy | undefined {
  try {
    const message = common.ImplicitMetaPolicy.deserializeBinary(bytes);
    const rule = {
      [common.ImplicitMetaPolicy.Rule.ANY]: 'ANY',
      [common.ImplicitMetaPolicy.Rule.ALL]: 'ALL',
      [common.ImplicitMetaPolicy.Rule.MAJORITY]: 'MAJORITY',
    }[message.getRule()] as ImplicitMetaPolicy['rule'] | undefined;
    return rule === undefined ? undefined : { rule, subPolicy: message.getSubPolicy() };
  } catch {
    return undefined;
  }
}
