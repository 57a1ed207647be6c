// How a chaincode's endorsement policy reaches `peer lifecycle chaincode approveformyorg/commit`:
// a signature policy as `--signature-policy`, an ImplicitMeta one as a reference to the channel
// policy with that very expression (`--channel-config-policy /Channel/Application/<Name>`, see
// fabric/channel-policy-reference.ts). Validation's `endorsement-policy-reference` rule reports an
// unmatched one first; render still refuses it, since a repository may be rendered unvalidated.
import { FindingsError } from '../errors.ts';
import { APPLICATION_POLICY_NAMES, resolveChannelPolicyReference } from '../fabric/channel-policy-reference.ts';
// Not the package index, which also loads Fabric's protobuf code (grpc-js with it) for encoding.
import { parseSignaturePolicy } from '../fabric/policy/parse-signature-policy.ts';
import type { Chaincode, Channel } from '../model/types.ts';

export interface EndorsementPolicyArgument {
  readonly flag: '--signature-policy' | '--channel-config-policy';
  readonly value: string;
}

/**
 * Per chaincode (one object shared by every member's render), the last argument computed: each
 * member's approve and commit Jobs ask for it several times, and parsing a policy is not free.
 */
const computed = new WeakMap<
  Chaincode,
  { readonly channel: Channel; readonly expression: string; readonly argument: EndorsementPolicyArgument }
>();

export function endorsementPolicyArgument(
  channel: Channel,
  cc: Chaincode,
  expression: string,
): EndorsementPolicyArgument {
  const last = computed.get(cc);
  if (last !== undefined && last.channel === channel && last.expression === expression) return last.argument;
  const argument = resolveEndorsementPolicyArgument(channel, cc, expression);
  computed.set(cc, { channel, expression, argument });
  return argument;
}

function resolveEndorsementPolicyArgument(
  channel: Channel,
  cc: Chaincode,
  expression: string,
): EndorsementPolicyArgument {
  const reference = resolveChannelPolicyReference(channel.policies, expression);
  if (reference.kind === 'signature') {
    // Validation reports a bad one first; a job that fails at approval time is a worse place to learn.
    const parsed = parseSignaturePolicy(expression);
    if (!parsed.ok) {
      throw new FindingsError(
        `${cc.source.file}: the endorsement policy of chaincode "${cc.name}" is not a valid Fabric policy: ` +
          `${parsed.error.message} (at character ${parsed.error.offset + 1})`,
      );
    }
    return { flag: '--signature-policy', value: expression };
  }
  if (reference.kind === 'unmatched') {
    const defined = APPLICATION_POLICY_NAMES.map((n) => `${n}: "${channel.policies[n]}"`).join(', ');
    throw new FindingsError(
      `${cc.source.file}: the endorsement policy "${expression}" of chaincode "${cc.name}" is an ImplicitMeta ` +
        `policy that none of channel "${channel.name}"'s Application policies has (${defined}). Fabric only ` +
        'accepts a reference to an existing channel policy there: write a signature policy, or the expression ' +
        "of one of those policies, or omit endorsementPolicy to use the channel's Endorsement policy.",
    );
  }
  return { flag: '--channel-config-policy', value: `/Channel/Application/${reference.name}` };
}
