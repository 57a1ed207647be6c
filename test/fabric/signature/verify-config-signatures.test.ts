import { createPrivateKey, randomBytes, sign as signData } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { common } from '@hyperledger/fabric-protos';
import { computeUpdate } from '../../../tools/src/fabric/config/compute-update.ts';
import { applyUpdate, type DeltaElement } from '../../../tools/src/fabric/config/apply-update.ts';
import { authorizeDelta } from '../../../tools/src/fabric/config/authorize-delta.ts';
import { encodeConfigUpdate } from '../../../tools/src/fabric/config/config-update.ts';
import type { ChannelConfig } from '../../../tools/src/fabric/config/config-tree.ts';
import { signConfigUpdate, signedBytes } from '../../../tools/src/fabric/signature/config-signature.ts';
import {
  encodeDerSignature,
  isLowS,
  parseDerSignature,
  toLowS,
} from '../../../tools/src/fabric/signature/ecdsa-signature.ts';
import { verifyConfigSignatures } from '../../../tools/src/fabric/signature/verify-config-signatures.ts';
import {
  applicationOrgGroup,
  anchorPeersValue,
  NOW,
  sampleChannel,
  sampleOrg,
  withGroup,
  type SampleOrg,
} from '../config/support/sample-channel.ts';

let orgs: SampleOrg[];
let lookAlike: SampleOrg;
let base: ChannelConfig;
let updateBytes: Uint8Array;
let delta: readonly DeltaElement[];

beforeAll(async () => {
  orgs = await Promise.all(['Org1MSP', 'Org2MSP', 'Org3MSP', 'Org4MSP'].map((id) => sampleOrg(id)));
  // Same MSP ID and subject names as Org1MSP, its own CA: a forgery by a look-alike CA.
  lookAlike = await sampleOrg('Org1MSP');
  base = sampleChannel(orgs.slice(0, 3));
  const desired = withGroup(base, ['Application'], (g) => ({
    ...g,
    groups: { ...g.groups, Org4MSP: applicationOrgGroup(orgs[3]!) },
  }));
  const update = computeUpdate({ channelId: 'ch', original: base, updated: desired })!;
  updateBytes = encodeConfigUpdate(update);
  const applied = applyUpdate({ channelId: 'ch', config: base, update });
  if (!applied.ok) throw new Error(applied.error);
  delta = applied.delta;
});

function signAs(org: SampleOrg, bytes = updateBytes): Uint8Array {
  return signConfigUpdate({
    configUpdate: bytes,
    mspId: org.mspId,
    certificatePem: org.pki.certificates.admin,
    privateKey: createPrivateKey(org.pki.keys.admin),
    nonce: randomBytes(24),
  });
}

function verify(signatures: { file: string; bytes: Uint8Array }[], now = NOW) {
  const checks = verifyConfigSignatures({ config: base, configUpdate: updateBytes, signatures, now });
  const signers = checks.flatMap((c) => (c.signer === undefined ? [] : [c.signer]));
  return { checks, ...authorizeDelta({ config: base, delta, signers }) };
}

describe('verifyConfigSignatures and authorizeDelta', () => {
  it("with no signatures, adding an org needs a majority of the current members' admins", () => {
    const result = verify([]);
    expect(result.satisfied).toBe(false);
    expect(result.policies).toEqual([
      expect.objectContaining({
        path: '/Channel/Application/Admins',
        policy: 'MAJORITY Admins',
        satisfied: false,
        missing: 'needs 2 of: Org1MSP, Org2MSP, Org3MSP admins',
        candidates: ['Org1MSP', 'Org2MSP', 'Org3MSP'],
        elements: ['/Channel/Application'],
      }),
    ]);
  });

  it('counts two admins of three: satisfied', () => {
    const result = verify([
      { file: 'a.sig', bytes: signAs(orgs[0]!) },
      { file: 'b.sig', bytes: signAs(orgs[1]!) },
    ]);
    expect(result.checks.map((c) => [c.valid, c.counted, c.reason])).toEqual([
      [true, true, 'admin of Org1MSP'],
      [true, true, 'admin of Org2MSP'],
    ]);
    expect(result.satisfied).toBe(true);
  });

  it('one of three is pending: "needs 1 of" the others', () => {
    const result = verify([{ file: 'a.sig', bytes: signAs(orgs[0]!) }]);
    expect(result.satisfied).toBe(false);
    expect(result.policies[0]!.missing).toBe('needs 1 of: Org2MSP, Org3MSP admins');
  });

  it('does not count the joining org for its own addition', () => {
    const result = verify([
      { file: 'a.sig', bytes: signAs(orgs[0]!) },
      { file: 'd.sig', bytes: signAs(orgs[3]!) },
    ]);
    expect(result.checks[1]).toMatchObject({ mspId: 'Org4MSP', valid: false, counted: false });
    expect(result.checks[1]!.reason).toContain('cannot sign for its own addition');
    expect(result.satisfied).toBe(false);
  });

  it('counts one identity once', () => {
    const result = verify([
      { file: 'a.sig', bytes: signAs(orgs[0]!) },
      { file: 'a2.sig', bytes: signAs(orgs[0]!) },
    ]);
    expect(result.checks[1]).toMatchObject({ valid: true, counted: false });
    expect(result.checks[1]!.reason).toContain('already signed in a.sig');
    expect(result.satisfied).toBe(false);
  });

  it('ignores a certificate from a look-alike CA with the same MSP ID and names', () => {
    const result = verify([
      { file: 'a.sig', bytes: signAs(lookAlike) },
      { file: 'b.sig', bytes: signAs(orgs[1]!) },
    ]);
    expect(result.checks[0]).toMatchObject({ valid: false, counted: false });
    expect(result.checks[0]!.reason).toContain("not issued by Org1MSP's CA");
    expect(result.satisfied).toBe(false);
  });

  it('ignores a signature over other bytes', () => {
    const other = signAs(orgs[0]!, new Uint8Array([1, 2, 3]));
    const result = verify([{ file: 'a.sig', bytes: other }]);
    expect(result.checks[0]).toMatchObject({
      valid: false,
      reason: 'the signature does not verify over this update with the signer certificate',
    });
  });

  it('ignores a high-S signature although it verifies mathematically', () => {
    const good = common.ConfigSignature.deserializeBinary(signAs(orgs[0]!));
    const parsed = parseDerSignature(good.getSignature_asU8())!;
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    good.setSignature(encodeDerSignature({ r: parsed.r, s: n - parsed.s }));
    const result = verify([{ file: 'a.sig', bytes: good.serializeBinary() }]);
    expect(result.checks[0]!.reason).toContain('high-S');
  });

  it('refuses an expired admin certificate', () => {
    const later = new Date(NOW.getTime() + 400 * 24 * 3600 * 1000);
    const result = verify([{ file: 'a.sig', bytes: signAs(orgs[0]!) }], later);
    expect(result.checks[0]).toMatchObject({ valid: false });
    expect(result.checks[0]!.reason).toContain('expired');
  });

  it('reports bytes that are not a signature', () => {
    const result = verify([{ file: 'x.sig', bytes: new Uint8Array([0xff, 0xff]) }]);
    expect(result.checks[0]).toMatchObject({ mspId: '', valid: false, counted: false });
  });

  it("an org's anchor peers need that org's admin only", () => {
    const desired = withGroup(base, ['Application', 'Org2MSP'], (g) => ({
      ...g,
      values: {
        ...g.values,
        AnchorPeers: { ...g.values['AnchorPeers']!, value: anchorPeersValue('peer9.org2.example.com') },
      },
    }));
    const update = computeUpdate({ channelId: 'ch', original: base, updated: desired })!;
    const bytes = encodeConfigUpdate(update);
    const applied = applyUpdate({ channelId: 'ch', config: base, update });
    if (!applied.ok) throw new Error(applied.error);
    const checks = verifyConfigSignatures({
      config: base,
      configUpdate: bytes,
      signatures: [{ file: 'b.sig', bytes: signAs(orgs[1]!, bytes) }],
      now: NOW,
    });
    const result = authorizeDelta({
      config: base,
      delta: applied.delta,
      signers: checks.flatMap((c) => (c.signer ? [c.signer] : [])),
    });
    expect(result.policies.map((p) => [p.path, p.policy, p.satisfied])).toEqual([
      ['/Channel/Application/Org2MSP/Admins', "OR('Org2MSP.admin')", true],
    ]);
    const byOther = verifyConfigSignatures({
      config: base,
      configUpdate: bytes,
      signatures: [{ file: 'a.sig', bytes: signAs(orgs[0]!, bytes) }],
      now: NOW,
    });
    const denied = authorizeDelta({
      config: base,
      delta: applied.delta,
      signers: byOther.flatMap((c) => (c.signer ? [c.signer] : [])),
    });
    expect(denied.policies[0]).toMatchObject({ satisfied: false, missing: 'needs Org2MSP admins' });
  });
});

describe('low-S ECDSA', () => {
  it('toLowS leaves a low-S signature alone and normalizes a high one to a valid low one', () => {
    const key = createPrivateKey(orgs[0]!.pki.keys.admin);
    const data = signedBytes(new Uint8Array([1]), new Uint8Array([2]));
    for (let i = 0; i < 8; i++) {
      const der = signData('sha256', data, { key, dsaEncoding: 'der' });
      const low = toLowS(der);
      expect(isLowS(parseDerSignature(low)!)).toBe(true);
    }
  });

  it('parseDerSignature refuses trailing bytes and negative integers', () => {
    expect(parseDerSignature(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00]))).toBeUndefined();
    expect(parseDerSignature(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x81, 0x02, 0x01, 0x01]))).toBeUndefined();
    expect(parseDerSignature(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]))).toEqual({
      r: 5n,
      s: 7n,
    });
  });
});
