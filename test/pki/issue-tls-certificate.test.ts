import { describe, expect, it } from 'vitest';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';

const now = new Date('2026-03-01T12:00:00Z');
const pki = await generateOrgPki({
  orgId: 'acme',
  mspId: 'AcmeMSP',
  domain: 'acme.example',
  validity: { days: 365 },
  now,
});
const host = 'orderer0.fabric.acme.example';
const issued = await issueTlsCertificate({
  issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
  host,
  organization: 'Acme, Inc.',
  validity: { days: 30 },
  now,
});
const cert = new X509Certificate(issued.certificate);
const tlsCa = new X509Certificate(pki.certificates.tlsCa);

describe('issueTlsCertificate', () => {
  it('is signed by the TLS CA and not by the identity CA', () => {
    expect(cert.checkIssued(tlsCa) && cert.verify(tlsCa.publicKey)).toBe(true);
    expect(cert.verify(new X509Certificate(pki.certificates.ca).publicKey)).toBe(false);
    expect(cert.ca).toBe(false);
  });

  it('names the host as its only subject alternative name and common name', () => {
    expect(cert.subjectAltName).toBe(`DNS:${host}`);
    expect(cert.checkHost(host, { subject: 'never' })).toBe(host);
    expect(cert.checkHost('orderer1.fabric.acme.example', { subject: 'never' })).toBeUndefined();
    expect(cert.subject).toContain(`CN=${host}`);
  });

  it('serves and dials (server and client authentication) for the validity asked', () => {
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(new Date(cert.validTo).getTime() - now.getTime()).toBe(30 * 24 * 3600 * 1000);
  });

  it('returns the key pair of the certificate, the key kept apart from the public PEM', () => {
    expect(issued.certificate).not.toContain('PRIVATE KEY');
    const publicOfKey = createPublicKey(createPrivateKey(issued.key)).export({ type: 'spki', format: 'der' });
    expect(Buffer.compare(publicOfKey, cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(0);
  });

  it('refuses a validity that is not positive', async () => {
    await expect(
      issueTlsCertificate({
        issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
        host,
        organization: 'Acme',
        validity: { days: 0 },
        now,
      }),
    ).rejects.toThrow(RangeError);
  });
});
