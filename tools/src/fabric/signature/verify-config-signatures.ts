// The orderer's view of the signatures on a config update: each is decoded, its creator
// deserialized against the MSPs of the channel config the update applies to (so an org being
// added cannot sign for itself), duplicates of an identity already counted are dropped, the
// signature is checked (ECDSA P-256, low-S), and the identity is judged by its MSP. A signature
// that fails any step is reported and ignored, as Fabric ignores it; it never fails the update
// by itself.
import { createHash, verify as verifyData } from 'node:crypto';
import type { ChannelConfig } from '../config/config-tree.ts';
import type { Signer } from '../policy/index.ts';
import { channelMsps, judgeIdentity, parseCertificate } from './channel-msps.ts';
import { decodeConfigSignature, signedBytes } from './config-signature.ts';
import { isLowS, parseDerSignature } from './ecdsa-signature.ts';

export interface SignatureCheck {
  readonly file: string;
  /** The MSP ID the signature claims ('' when it does not decode). */
  readonly mspId: string;
  /** The signature verifies and its signer is a valid identity of a channel MSP. */
  readonly valid: boolean;
  /** It takes part in policy evaluation (valid, and the first of its identity). */
  readonly counted: boolean;
  readonly reason: string;
  /** The signer as the policy evaluator sees it, when counted. */
  readonly signer?: Signer;
  /** SHA-256 of the signer's certificate, when it parses. */
  readonly fingerprint?: string;
}

// Fabric: common/policies/policy.go SignatureSetToValidIdentities
export function verifyConfigSignatures(options: {
  /** The config before the update. */
  readonly config: ChannelConfig;
  /** The stored ConfigUpdate bytes. */
  readonly configUpdate: Uint8Array;
  /** In the order they are submitted (sorted by file name). */
  readonly signatures: readonly { readonly file: string; readonly bytes: Uint8Array }[];
  readonly now: Date;
}): SignatureCheck[] {
  const msps = channelMsps(options.config);
  const counted = new Map<string, string>();
  return options.signatures.map(({ file, bytes }): SignatureCheck => {
    const invalid = (mspId: string, reason: string, fingerprint?: string): SignatureCheck => ({
      file,
      mspId,
      valid: false,
      counted: false,
      reason,
      ...(fingerprint === undefined ? {} : { fingerprint }),
    });
    const decoded = decodeConfigSignature(bytes);
    if (!decoded.ok) return invalid('', decoded.error);
    const { mspId } = decoded.value;
    const member = msps.get(mspId);
    if (member === undefined) {
      return invalid(
        mspId,
        `${mspId} is not an MSP of the channel config this update applies to (an organization being added cannot sign for its own addition)`,
      );
    }
    const cert = parseCertificate(decoded.value.certificate);
    if (cert === undefined) return invalid(mspId, 'the signer certificate does not parse as PEM X.509');
    const fingerprint = createHash('sha256').update(cert.raw).digest('hex');
    const identity = `${mspId}/${fingerprint}`;
    const parsed = parseDerSignature(decoded.value.signature);
    if (parsed === undefined) return invalid(mspId, 'the signature is not a DER ECDSA signature', fingerprint);
    if (!isLowS(parsed))
      return invalid(mspId, 'the signature is high-S (Fabric accepts only low-S ECDSA signatures)', fingerprint);
    let good = false;
    try {
      good = verifyData(
        'sha256',
        signedBytes(decoded.value.signatureHeader, options.configUpdate),
        { key: cert.publicKey, dsaEncoding: 'der' },
        decoded.value.signature,
      );
    } catch {
      good = false;
    }
    if (!good)
      return invalid(mspId, 'the signature does not verify over this update with the signer certificate', fingerprint);
    const judged = judgeIdentity(member, cert, options.now);
    if (!judged.ok) return invalid(mspId, judged.reason, fingerprint);
    // Fabric skips an identity it has already counted before checking the signature again; the
    // signature is checked here anyway so the report can say whether it is valid.
    const earlier = counted.get(identity);
    if (earlier !== undefined) {
      return {
        file,
        mspId,
        valid: true,
        counted: false,
        reason: `the same identity already signed in ${earlier}; one identity counts once`,
        fingerprint,
      };
    }
    counted.set(identity, file);
    return {
      file,
      mspId,
      valid: true,
      counted: true,
      reason: judged.role === 'admin' ? `admin of ${mspId}` : `${judged.role} of ${mspId} (not an admin)`,
      signer: { mspId, role: judged.role },
      fingerprint,
    };
  });
}
