// Which channel policy an ImplicitMeta chaincode endorsement policy refers to. Fabric stores a
// chaincode's endorsement policy either as a signature policy or as a reference to a policy that
// already exists in the channel configuration (`/Channel/Application/<Name>`); there is no ad hoc
// ImplicitMeta policy for a chaincode. The repository writes both kinds as an expression, so an
// ImplicitMeta one stands for the channel's Application policy defined by that very expression
// (`MAJORITY Endorsement` -> `Endorsement` when that is how the channel defines Endorsement).
// Render and validation share this one definition, so validation refuses exactly what render would.
import type { ChannelPolicies } from '../model/types.ts';

/** Preferred first: the policy made for endorsements, then the rest of the Application group. */
export const APPLICATION_POLICY_NAMES = [
  'Endorsement',
  'LifecycleEndorsement',
  'Readers',
  'Writers',
  'Admins',
] as const satisfies readonly (keyof ChannelPolicies)[];

export type ApplicationPolicyName = (typeof APPLICATION_POLICY_NAMES)[number];

export type ChannelPolicyReference =
  | { readonly kind: 'signature' }
  | { readonly kind: 'channel-policy'; readonly name: ApplicationPolicyName }
  | { readonly kind: 'unmatched' };

const IMPLICIT_META = /^(ANY|ALL|MAJORITY)\s+\S+$/;

const normalize = (text: string): string => text.trim().replace(/\s+/g, ' ');

/**
 * `signature` for a signature policy (passed as is); for an ImplicitMeta expression, the first
 * channel policy (in APPLICATION_POLICY_NAMES order) written the same way, or `unmatched`.
 */
export function resolveChannelPolicyReference(policies: ChannelPolicies, expression: string): ChannelPolicyReference {
  const text = normalize(expression);
  if (!IMPLICIT_META.test(text)) return { kind: 'signature' };
  const name = APPLICATION_POLICY_NAMES.find((n) => normalize(policies[n]) === text);
  return name === undefined ? { kind: 'unmatched' } : { kind: 'channel-policy', name };
}
