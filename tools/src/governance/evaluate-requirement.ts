import { evaluateSignaturePolicy, implicitMetaThreshold, mspIdsOf, parsePolicy } from '../fabric/policy/index.ts';
import type { Signer } from '../fabric/policy/index.ts';
import type { OrgApproval } from './types.ts';
import type { Requirement } from './default-rules.ts';
import type { CollectedApprovals, DirectoryOrg } from './collect-approvals.ts';

export interface RequirementOutcome {
  readonly satisfied: boolean;
  readonly approvedBy: readonly OrgApproval[];
  readonly missing: readonly string[];
  readonly vetoedBy: readonly OrgApproval[];
  /** The policy could not be evaluated (it does not parse): the verdict must be `error`. */
  readonly error?: string;
}

export interface EvaluateRequirementInput {
  readonly requirement: Requirement;
  readonly collected: CollectedApprovals;
  readonly directory: readonly DirectoryOrg[];
  /** Distinct admins each org must contribute for its approval to count (2 for critical changes). */
  readonly adminsPerOrg: number;
  /** Time-open condition of a critical change, already evaluated by the caller. */
  readonly openTime?: { readonly satisfied: boolean; readonly missing: string };
}

/**
 * Fabric semantics over GitHub reviews: each admin whose approval counts is a signer
 * `{mspId, role: 'admin'}` of their org. An ImplicitMeta policy counts the orgs in scope whose
 * admins approved against `ANY|ALL|MAJORITY` of the scope; a signature policy is evaluated as
 * Fabric evaluates it. Every org sub-policy (Admins, Endorsement, ...) is satisfied by that org's
 * admins, because admins are the only identities that approve pull requests.
 */
export function evaluateRequirement(input: EvaluateRequirementInput): RequirementOutcome {
  const { requirement, collected, adminsPerOrg } = input;
  const orgsById = new Map(input.directory.map((o) => [o.id, o]));
  const mspOf = (id: string) => orgsById.get(id)?.mspId ?? id;
  // Orgs a requirement may hear from: members at base, plus the joining orgs and listed members
  // it names explicitly. A joining org never counts toward anything but its own consent.
  const eligible = new Set([
    ...input.directory.filter((o) => !o.joining).map((o) => o.id),
    ...requirement.consentOf,
    ...requirement.scope,
  ]);
  const counted = new Map<string, readonly string[]>();
  const partial = new Map<string, number>();
  for (const [org, people] of collected.approvals) {
    if (!eligible.has(org)) continue;
    if (people.length >= adminsPerOrg) counted.set(org, people.map((p) => p.login).sort());
    else partial.set(org, people.length);
  }
  const approvedBy: OrgApproval[] = [...counted.entries()]
    .map(([org, admins]) => ({ org, mspId: mspOf(org), admins }))
    .sort((a, b) => (a.mspId < b.mspId ? -1 : 1));

  const missing: string[] = [];
  const parsed = parsePolicy(requirement.policy);
  if (!parsed.ok) {
    const error = `the ${requirement.policySource} "${excerpt(requirement.policy)}" does not parse: ${parsed.error.message}`;
    return { satisfied: false, approvedBy, missing: [error], vetoedBy: [], error };
  }
  let deciding: Set<string>;
  if (parsed.policy.kind === 'implicitMeta') {
    const scope = [...new Set(requirement.scope)];
    const threshold = implicitMetaThreshold(parsed.policy.policy.rule, scope.length);
    const have = scope.filter((org) => counted.has(org)).length;
    if (have < threshold) {
      const others = scope
        .filter((org) => !counted.has(org))
        .map(mspOf)
        .sort();
      missing.push(`needs ${threshold - have} more of: ${others.join(', ')}`);
    }
    deciding = new Set(scope);
  } else {
    const envelope = parsed.policy.envelope;
    const signers: Signer[] = [];
    for (const approval of approvedBy) {
      for (let i = 0; i < approval.admins.length; i += 1) signers.push({ mspId: approval.mspId, role: 'admin' });
    }
    const result = evaluateSignaturePolicy(envelope, signers);
    if (!result.satisfied)
      missing.push(result.description.startsWith('needs') ? result.description : `needs ${result.description}`);
    const named = new Set(mspIdsOf(envelope));
    deciding = new Set(input.directory.filter((o) => named.has(o.mspId)).map((o) => o.id));
  }
  for (const org of requirement.consentOf) {
    deciding.add(org);
    if (!counted.has(org)) missing.push(`needs the consent of ${mspOf(org)} (an admin listed for ${org})`);
  }
  if (adminsPerOrg > 1) {
    for (const [org, count] of [...partial.entries()].sort()) {
      if (!deciding.has(org)) continue;
      const more = adminsPerOrg - count;
      missing.push(
        `${mspOf(org)} needs ${more} more admin${more === 1 ? '' : 's'} to count (critical change: ${adminsPerOrg} per org)`,
      );
    }
  }
  if (input.openTime !== undefined && !input.openTime.satisfied) missing.push(input.openTime.missing);

  const vetoedBy: OrgApproval[] = [];
  for (const [org, people] of collected.vetoes) {
    if (!deciding.has(org) || requirement.noVeto.includes(org)) continue;
    vetoedBy.push({ org, mspId: mspOf(org), admins: people.map((p) => p.login).sort() });
  }
  vetoedBy.sort((a, b) => (a.mspId < b.mspId ? -1 : 1));
  const policyMissing = missing.length > 0;
  return { satisfied: !policyMissing && vetoedBy.length === 0, approvedBy, missing, vetoedBy };
}

/** A policy as quoted in a message: a hostile one can be megabytes long. */
function excerpt(policy: string): string {
  return policy.length <= 200
    ? policy
    : `${policy.slice(0, 200)}… (${policy.length.toLocaleString('en-US')} characters)`;
}
