// ECDSA signatures as Fabric accepts them: DER-encoded (r, s) with s in the lower half of the
// curve order. Fabric refuses a high-S signature ("Invalid S. Must be smaller than half the
// order"), although it is mathematically valid, so that a signature cannot be altered into a
// second valid one; signing therefore normalizes s.

/** Order of the P-256 group. */
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const HALF_N = P256_N >> 1n;

export interface EcdsaSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Parses a DER ECDSA-Sig-Value (SEQUENCE of two INTEGERs); undefined when malformed. */
export function parseDerSignature(der: Uint8Array): EcdsaSignature | undefined {
  if (der.length < 8 || der[0] !== 0x30) return undefined;
  let offset = 2;
  const length = der[1] as number;
  if (length & 0x80 || length !== der.length - 2) return undefined;
  const integers: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (der[offset] !== 0x02) return undefined;
    const size = der[offset + 1] as number;
    if (size === 0 || size & 0x80 || offset + 2 + size > der.length) return undefined;
    const bytes = der.subarray(offset + 2, offset + 2 + size);
    // DER integers are positive here: a leading 0x80 bit would make them negative.
    if ((bytes[0] as number) & 0x80) return undefined;
    integers.push(BigInt(`0x${Buffer.from(bytes).toString('hex')}`));
    offset += 2 + size;
  }
  if (offset !== der.length) return undefined;
  return { r: integers[0] as bigint, s: integers[1] as bigint };
}

export function encodeDerSignature(signature: EcdsaSignature): Uint8Array {
  const integer = (value: bigint): Buffer => {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) hex = `0${hex}`;
    let bytes = Buffer.from(hex, 'hex');
    if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
    return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
  };
  const body = Buffer.concat([integer(signature.r), integer(signature.s)]);
  return new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body]));
}

// Fabric: bccsp/utils/ecdsa.go IsLowS (P-256)
export function isLowS(signature: EcdsaSignature): boolean {
  return signature.s <= HALF_N;
}

// Fabric: bccsp/utils/ecdsa.go ToLowS (P-256)
export function toLowS(der: Uint8Array): Uint8Array {
  const parsed = parseDerSignature(der);
  if (parsed === undefined) throw new RangeError('not a DER ECDSA signature');
  return isLowS(parsed) ? der : encodeDerSignature({ r: parsed.r, s: P256_N - parsed.s });
}
