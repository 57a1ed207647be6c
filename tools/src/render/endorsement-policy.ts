// How a chaincode's endorsement policy reaches `peer lifecycle chaincode approveformyorg/commit`.
// Fabric stores either a signature policy (`--signature-policy`) or a reference to a policy that
// already exists in the channel configuration (`--channel-config-policy /Channel/Application/X`);
// there is no ad hoc ImplicitMeta policy for a chaincode. The repository writes both kinds as an
// expression, so an ImplicitMeta one becomes a reference to the channel's Application policy with
// that very expression (`MAJORITY Endorsement` -> `/Channel/Application/Endorsement` when that is
// how the channel defines Endorsement).
import { FindingsError } from '../errors.ts';
import type { Chaincode, Channel } from '../model/types.ts';

export interface EndorsementPolicyArgument {
  readonly flag: '--signature-policy' | '--channel-config-policy';
  readonly value: string;
}

const IMPLICIT_META = /^(ANY|ALL|MAJORITY)\s+\S+$/;
/** Preferred first: the policy made for endorsements, then the rest of the Application group. */
const APPLICATION_POLICIES = ['Endorsement', 'LifecycleEndorsement', 'Readers', 'Writers', 'Admins'] as const;

const normalize = (text: string): string => text.trim().replace(/\s+/g, ' ');

export function endorsementPolicyArgument(
  channel: Channel,
  cc: Chaincode,
  expression: string,
): EndorsementPolicyArgument {
  const text = normalize(expression);
  if (!IMPLICIT_META.test(text)) return { flag: '--signature-policy', value: expression };
  const name = APPLICATION_POLICIES.find((n) => normalize(channel.policies[n]) === text);
  if (name === undefined) {
    const defined = APPLICATION_POLICIES.map((n) => `${n}: "${channel.policies[n]}"`).join(', ');
    throw new FindingsError(
      `${cc.source.file}: the endorsement policy "${expression}" of chaincode "${cc.name}" is an ImplicitMeta ` +
        `policy that none of channel "${channel.name}"'s Application policies has (${defined}). Fabric only ` +
        'accepts a reference to an existing channel policy there: write a signature policy, or the expression ' +
        "of one of those policies, or omit endorsementPolicy to use the channel's Endorsement policy.",
    );
  }
  return { flag: '--channel-config-policy', value: `/Channel/Application/${name}` };
}
