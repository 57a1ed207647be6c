// A member admin's signature on a config update, as Fabric carries it: a ConfigSignature holding
// the SignatureHeader bytes (creator = SerializedIdentity {mspid, PEM certificate}, a 24-byte
// random nonce) and an ECDSA signature over SHA-256 of SignatureHeader bytes ‖ ConfigUpdate bytes.
import { createHash, sign as signData, type KeyObject } from 'node:crypto';
import { common, msp } from '@hyperledger/fabric-protos';
import { toLowS } from './ecdsa-signature.ts';
import { parseCertificate } from './channel-msps.ts';

export const NONCE_BYTES = 24;

export interface DecodedConfigSignature {
  readonly signatureHeader: Uint8Array;
  readonly signature: Uint8Array;
  readonly mspId: string;
  /** The creator's certificate as carried (PEM bytes). */
  readonly certificate: Uint8Array;
  readonly nonce: Uint8Array;
}

export function decodeConfigSignature(
  bytes: Uint8Array,
): { readonly ok: true; readonly value: DecodedConfigSignature } | { readonly ok: false; readonly error: string } {
  try {
    const message = common.ConfigSignature.deserializeBinary(bytes);
    const header = common.SignatureHeader.deserializeBinary(message.getSignatureHeader_asU8());
    const creator = msp.SerializedIdentity.deserializeBinary(header.getCreator_asU8());
    return {
      ok: true,
      value: {
        signatureHeader: message.getSignatureHeader_asU8(),
        signature: message.getSignature_asU8(),
        mspId: creator.getMspid(),
        certificate: creator.getIdBytes_asU8(),
        nonce: header.getNonce_asU8(),
      },
    };
  } catch (error) {
    return {
      ok: false,
      error: `not a ConfigSignature protobuf (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

/** The bytes a config signature signs: SignatureHeader ‖ ConfigUpdate. */
// Fabric: protoutil/configtxutils.go ConfigUpdateEnvelopeAsSignedData
export function signedBytes(signatureHeader: Uint8Array, configUpdate: Uint8Array): Buffer {
  return Buffer.concat([signatureHeader, configUpdate]);
}

/**
 * Signs stored ConfigUpdate bytes (never re-encoded) with an admin's P-256 key. The nonce is
 * passed in (24 random bytes in use), so the function is deterministic apart from ECDSA's own
 * randomness.
 */
export function signConfigUpdate(options: {
  readonly configUpdate: Uint8Array;
  readonly mspId: string;
  readonly certificatePem: string;
  readonly privateKey: KeyObject;
  readonly nonce: Uint8Array;
}): Uint8Array {
  if (options.nonce.length !== NONCE_BYTES) throw new RangeError(`the nonce must be ${NONCE_BYTES} bytes`);
  const creator = new msp.SerializedIdentity();
  creator.setMspid(options.mspId);
  creator.setIdBytes(Buffer.from(options.certificatePem, 'utf8'));
  const header = new common.SignatureHeader();
  header.setCreator(creator.serializeBinary());
  header.setNonce(options.nonce);
  const headerBytes = header.serializeBinary();
  const der = signData('sha256', signedBytes(headerBytes, options.configUpdate), {
    key: options.privateKey,
    dsaEncoding: 'der',
  });
  const message = new common.ConfigSignature();
  message.setSignatureHeader(headerBytes);
  message.setSignature(toLowS(der));
  return message.serializeBinary();
}

/** Hex SHA-256 of the certificate's DER: the identity Fabric deduplicates signatures by. */
export function certificateFingerprint(pem: Uint8Array | string): string | undefined {
  const cert = parseCertificate(pem);
  return cert === undefined ? undefined : createHash('sha256').update(cert.raw).digest('hex');
}

/** "Org1MSP-3f2a1c0d9e8b7a65.sig": one file per signing identity. */
export function signatureFileName(mspId: string, fingerprint: string): string {
  return `${mspId}-${fingerprint.slice(0, 16)}.sig`;
}
