import { msp } from '@hyperledger/fabric-protos';
import type { PolicyIdentity, PolicyRole, PolicyRule, SignaturePolicyEnvelope } from './types.ts';

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
 * The rule tree is written here, without recursion, because the protobuf library's serializer
 * recurses and overflows the stack near 3,000 nested gates, below the 4,996 Fabric decodes
 * (policy-depth.ts). The identities, shallow messages, go through the library.
 */
export function encodeSignaturePolicyEnvelope(envelope: SignaturePolicyEnvelope): Uint8Array {
  const identities = envelope.identities.map(encodeIdentity);
  const sizes = measureRules(envelope.rule);
  const ruleSize = sizes.get(envelope.rule) as number;
  let total = 0;
  if (envelope.version !== 0) total += 1 + varintSize(envelope.version);
  total += 1 + varintSize(ruleSize) + ruleSize;
  for (const identity of identities) total += 1 + varintSize(identity.length) + identity.length;
  const out = new ProtoWriter(total);
  if (envelope.version !== 0) out.varintField(1, envelope.version);
  out.header(2, ruleSize);
  writeRules(out, envelope.rule, sizes);
  for (const identity of identities) {
    out.header(3, identity.length);
    out.bytes(identity);
  }
  return out.finish();
}

function encodeIdentity(identity: PolicyIdentity): Uint8Array {
  const role = new msp.MSPRole();
  role.setMspIdentifier(identity.mspId);
  role.setRole(ROLE_CODES[identity.role]);
  const principal = new msp.MSPPrincipal();
  principal.setPrincipalClassification(msp.MSPPrincipal.Classification.ROLE);
  principal.setPrincipal(role.serializeBinary());
  return principal.serializeBinary();
}

// common.SignaturePolicy: signed_by = 1 (int32, in a oneof, so written even when 0),
// n_out_of = 2; NOutOf: n = 1 (int32, omitted when 0), rules = 2 (repeated SignaturePolicy).

/** Encoded size of each SignaturePolicy, children before their gate (explicit stack). */
function measureRules(root: PolicyRule): Map<PolicyRule, number> {
  const sizes = new Map<PolicyRule, number>();
  const work: { rule: PolicyRule; expanded: boolean }[] = [{ rule: root, expanded: false }];
  while (work.length > 0) {
    const item = work.pop() as { rule: PolicyRule; expanded: boolean };
    if ('signedBy' in item.rule) {
      sizes.set(item.rule, 1 + varintSize(checkedInt32(item.rule.signedBy)));
    } else if (!item.expanded) {
      work.push({ rule: item.rule, expanded: true });
      for (const child of item.rule.nOutOf.rules) work.push({ rule: child, expanded: false });
    } else {
      const body = nOutOfSize(item.rule.nOutOf, sizes);
      sizes.set(item.rule, 1 + varintSize(body) + body);
    }
  }
  return sizes;
}

function nOutOfSize(
  nOutOf: { n: number; rules: readonly PolicyRule[] },
  sizes: ReadonlyMap<PolicyRule, number>,
): number {
  let body = nOutOf.n === 0 ? 0 : 1 + varintSize(checkedInt32(nOutOf.n));
  for (const child of nOutOf.rules) {
    const size = sizes.get(child) as number;
    body += 1 + varintSize(size) + size;
  }
  return body;
}

/** The rule's fields in document order: pre-order, each child's header right before its fields. */
function writeRules(out: ProtoWriter, root: PolicyRule, sizes: ReadonlyMap<PolicyRule, number>): void {
  const work: PolicyRule[] = [root];
  let first = true;
  while (work.length > 0) {
    const rule = work.pop() as PolicyRule;
    if (!first) out.header(2, sizes.get(rule) as number);
    first = false;
    if ('signedBy' in rule) {
      out.varintField(1, rule.signedBy);
      continue;
    }
    out.header(2, nOutOfSize(rule.nOutOf, sizes));
    if (rule.nOutOf.n !== 0) out.varintField(1, rule.nOutOf.n);
    const { rules } = rule.nOutOf;
    for (let i = rules.length - 1; i >= 0; i--) work.push(rules[i] as PolicyRule);
  }
}

function checkedInt32(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) {
    throw new RangeError(`policy number ${value} is not a non-negative 32-bit integer`);
  }
  return value;
}

function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}

/** Writes into a buffer of the exact size computed beforehand. */
class ProtoWriter {
  private readonly buffer: Uint8Array;
  private offset = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  /** A length-delimited field's key and length. */
  header(field: number, length: number): void {
    this.varint((field << 3) | 2);
    this.varint(length);
  }

  varintField(field: number, value: number): void {
    this.varint(field << 3);
    this.varint(value);
  }

  bytes(data: Uint8Array): void {
    this.buffer.set(data, this.offset);
    this.offset += data.length;
  }

  finish(): Uint8Array {
    if (this.offset !== this.buffer.length)
      throw new Error(`encoded ${this.offset} bytes, expected ${this.buffer.length}`);
    return this.buffer;
  }

  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.offset++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buffer[this.offset++] = v;
  }
}
