// `consortium channel sign <ch> --org <id> [--update NNNN] [--key-dir DIR]`: one admin's
// ConfigSignature on a committed update, made on their own machine. The private key is handed in
// by the CLI (the only code that reads it) and never leaves this process; the signature file is
// public. Refused: a key that matches no admin certificate the ledger config accepts for the org,
// an update that no longer applies to the ledger, and a second signature by the same identity.
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { RepoReader } from '../adapters/repo-reader.ts';
import { FindingsError, UsageError } from '../errors.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { channelMsps, judgeIdentity, parseCertificate } from '../fabric/signature/channel-msps.ts';
import { certificateFingerprint, signatureFileName, signConfigUpdate } from '../fabric/signature/config-signature.ts';
import { verifyChannelUpdate } from '../fabric/signature/verify-channel-update.ts';
import { configBefore, pickUpdate, readChannelLedger } from './channel-ledger.ts';
import type { ChannelVerifyResult } from './channel-verify.ts';
import { stillToSign } from '../fabric/signature/still-to-sign.ts';

export interface ChannelSignPlan {
  readonly channel: string;
  readonly update: string;
  readonly mspId: string;
  /** Repository-relative path of the signature file to write. */
  readonly file: string;
  readonly bytes: Uint8Array;
  /** The certificate the key belongs to (repository-relative). */
  readonly certificateFile: string;
  /** The update judged with this signature added. */
  readonly verification: ChannelVerifyResult;
}

export async function planChannelSign(options: {
  readonly reader: RepoReader;
  readonly model: ConsortiumModel;
  readonly channel: string;
  readonly org: string;
  readonly update?: string | undefined;
  readonly privateKey: KeyObject;
  /** 24 random bytes. */
  readonly nonce: Uint8Array;
  readonly now: Date;
}): Promise<ChannelSignPlan> {
  const org = options.model.orgs.find((o) => o.id === options.org);
  if (org === undefined)
    throw new UsageError(
      `no organization "${options.org}" in orgs/ (expected one of: ${options.model.orgs.map((o) => o.id).join(', ')})`,
    );
  const files = await readChannelLedger(options.reader, options.channel);
  const update = pickUpdate(files, options.update);
  const before = configBefore(files, update.number);
  if (!before.ok) throw new FindingsError(`cannot sign update ${update.number} of ${options.channel}: ${before.error}`);

  const unsigned = verifyChannelUpdate({
    channel: options.channel,
    number: update.number,
    before: before.config,
    bytes: update.bytes,
    signatures: update.signatures,
    now: options.now,
  });
  if (unsigned.error !== undefined) {
    throw new FindingsError(
      `update ${update.number} of ${options.channel} is superseded: ${unsigned.error}. ` +
        `Run \`consortium channel update ${options.channel}\` again and sign the new update instead.`,
    );
  }

  const member = channelMsps(before.config).get(org.mspId);
  if (member === undefined) {
    throw new FindingsError(
      `${org.mspId} (${org.id}) is not in the ledger config this update applies to, so the orderer would not count its signature ` +
        '(an organization being added cannot sign for its own addition)',
    );
  }
  const certificate = await findCertificateForKey(options.reader, org.msp.adminCerts, options.privateKey);
  if (certificate === undefined) {
    throw new FindingsError(
      `the key does not belong to any admin certificate of ${org.id} (${org.msp.adminCerts.join(', ') || 'org.yaml lists none'}); ` +
        'use the admin key `consortium org init` wrote for this organization (--key-dir)',
    );
  }
  const judged = judgeIdentity(member, certificate.cert, options.now);
  if (!judged.ok || judged.role !== 'admin') {
    throw new FindingsError(
      `${certificate.file} is not accepted by the ledger config as an admin of ${org.mspId}: ${judged.ok ? `its role is ${judged.role}` : judged.reason}`,
    );
  }
  const fingerprint = certificateFingerprint(certificate.pem) as string;
  const already = unsigned.signatures.find((s) => s.fingerprint === fingerprint && s.mspId === org.mspId);
  if (already !== undefined) {
    throw new FindingsError(
      `${already.file} is already a signature of this identity on update ${update.number}; one identity counts once`,
    );
  }

  const bytes = signConfigUpdate({
    configUpdate: update.bytes,
    mspId: org.mspId,
    certificatePem: certificate.pem,
    privateKey: options.privateKey,
    nonce: options.nonce,
  });
  const file = `channels/${options.channel}/updates/${update.number}/signatures/${signatureFileName(org.mspId, fingerprint)}`;
  const signatures = [...update.signatures, { file, bytes }].sort((a, b) => (a.file < b.file ? -1 : 1));
  const verification = verifyChannelUpdate({
    channel: options.channel,
    number: update.number,
    before: before.config,
    bytes: update.bytes,
    signatures,
    now: options.now,
  });
  return {
    channel: options.channel,
    update: update.number,
    mspId: org.mspId,
    file,
    bytes,
    certificateFile: certificate.file,
    verification: { ...verification, stillToSign: stillToSign(verification, options.model) },
  };
}

async function findCertificateForKey(
  reader: RepoReader,
  files: readonly string[],
  privateKey: KeyObject,
): Promise<{ file: string; pem: string; cert: NonNullable<ReturnType<typeof parseCertificate>> } | undefined> {
  const publicKey = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  for (const file of files) {
    let pem: string;
    try {
      pem = (await reader.readFile(file)).toString('utf8');
    } catch {
      continue;
    }
    const cert = parseCertificate(pem);
    if (cert !== undefined && cert.publicKey.export({ format: 'der', type: 'spki' }).equals(publicKey))
      return { file, pem, cert };
  }
  return undefined;
}
