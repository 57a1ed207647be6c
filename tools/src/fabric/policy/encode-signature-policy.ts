import { common, msp } from '@hyperledger/fabric-protos';
import type { PolicyRole, PolicyRule, SignaturePolicyEnvelope } from './types.ts';

type RoleCode = msp.MSPRole.MSPRoleTypeMap[keyof msp.MSPRole.MSPRoleTypeMap];

const ROLE_CODES: Readonly<Record<PolicyRole, RoleCode>> = {
  member: msp.MSPRole.MSPRoleType.MEMBER,
  admin: msp.MSPRole.MSPRoleType.ADMIN,
  client: msp.MSPRole.MSPRoleType.CLIENT,
  peer: msp.MSPRole.MSPRoleType.PEER,
  orderer: msp.MSPRole.MSPRoleType.ORDERER,
};

/**
 * The `common.SignaturePolicyEnvelope` protobuf bytes Fabric would put in a channel
 * configuration for this envelope (the same bytes as Go's proto.Marshal of
 * policydsl.FromString's result; checked by test/fabric/conformance.test.ts).
 *
 * The message tree is built without recursion; the protobuf library's serializer itself
 * recurses, so a policy nested thousands of levels deep cannot be encoded — neither can Fabric
 * decode one (Go's protobuf decoder stops at 10,000 levels). That case throws a RangeError
 * with a readable message.
 */
export function encodeSignaturePolicyEnvelope(envelope: SignaturePolicyEnvelope): Uint8Array {
  try {
    return buildEnvelope(envelope).serializeBinary();
  } catch (error) {
    if (error instanceof RangeError) {
      throw new RangeError('policy is nested too deeply to encode as protobuf (Fabric decodes at most 10,000 levels)', {
        cause: error,
      });
    }
    throw error;
  }
}

function buildEnvelope(envelope: SignaturePolicyEnvelope): common.SignaturePolicyEnvelope {
  const message = new common.SignaturePolicyEnvelope();
  message.setVersion(envelope.version);
  message.setRule(buildRule(envelope.rule));
  message.setIdentitiesList(
    envelope.identities.map((identity) => {
      const role = new msp.MSPRole();
      role.setMspIdentifier(identity.mspId);
      role.setRole(ROLE_CODES[identity.role]);
      const principal = new msp.MSPPrincipal();
      principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
      principal.setPrincipal(role.serializeBinary());
      return principal;
    }),
  );
  return message;
}

/** Post-order construction with an explicit stack: children are built before their gate. */
function buildRule(root: PolicyRule): common.SignaturePolicy {
  const built: common.SignaturePolicy[] = [];
  const work: { rule: PolicyRule; expanded: boolean }[] = [{ rule: root, expanded: false }];
  while (work.length > 0) {
    const item = work.pop() as { rule: PolicyRule; expanded: boolean };
    const message = new common.SignaturePolicy();
    if ('signedBy' in item.rule) {
      message.setSignedBy(item.rule.signedBy);
      built.push(message);
    } else if (!item.expanded) {
      work.push({ rule: item.rule, expanded: true });
      const rules = item.rule.nOutOf.rules;
      for (let i = rules.length - 1; i >= 0; i--) work.push({ rule: rules[i] as PolicyRule, expanded: false });
    } else {
      const count = item.rule.nOutOf.rules.length;
      const children = built.splice(built.length - count, count);
      const nOutOf = new common.SignaturePolicy.NOutOf();
      nOutOf.setN(item.rule.nOutOf.n);
      nOutOf.setRulesList(children);
      message.setNOutOf(nOutOf);
      built.push(message);
    }
  }
  return built[0] as common.SignaturePolicy;
}
