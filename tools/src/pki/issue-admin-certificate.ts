// A new admin certificate under an org's existing CA: what `org reissue` gives a member whose admin
// key leaked, shaped exactly as generate-org-pki.ts shapes the first one (OU=admin for NodeOUs).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';

export interface IssueAdminCertificateOptions {
  /** PEM certificate and PKCS#8 private key of the org's CA. */
  readonly issuer: { readonly certificate: string; readonly key: string };
  /** The org's DNS domain: the subject is Admin@<domain>. */
  readonly domain: string;
  readonly validity: { readonly days: number };
  /** Start of validity; passed in, since the core takes no clock of its own. */
  readonly now: Date;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto: webcrypto.Crypto = webcrypto;

/** ECDSA P-256 / SHA-256, CA:false, digitalSignature only, O= as the CA's, OU=admin. */
export async function issueAdminCertificate(
  options: IssueAdminCertificateOptions,
): Promise<{ readonly certificate: string; readonly key: string }> {
  if (!(options.validity.days > 0))
    throw new RangeError(`validity must be a positive number of days, got ${options.validity.days}`);
  const issuer = new X509Certificate(options.issuer.certificate);
  const signingKey = await crypto.subtle.importKey(
    'pkcs8',
    PemConverter.decodeFirst(options.issuer.key),
    { name: algorithm.name, namedCurve: algorithm.namedCurve },
    false,
    ['sign'],
  );
  const keys = await crypto.subtle.generateKey({ name: algorithm.name, namedCurve: algorithm.namedCurve }, true, [
    'sign',
    'verify',
  ]);
  const organization = issuer.subjectName.getField('O')[0] ?? options.domain;
  // Backdate a little: members' clocks differ, and a certificate "not yet valid" fails handshakes.
  const notBefore = new Date(options.now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(options.now.getTime() + options.validity.days * 24 * 60 * 60 * 1000);
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [{ O: [organization] }, { OU: ['admin'] }, { CN: [`Admin@${options.domain}`] }],
      issuer: issuer.subjectName,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      publicKey: keys.publicKey,
      signingKey,
      extensions: [
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new BasicConstraintsExtension(false, undefined, true),
        await AuthorityKeyIdentifierExtension.create(issuer, false, crypto),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const der = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    certificate: `${certificate.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`,
    key: `${PemConverter.encode(der, 'PRIVATE KEY').replace(/\r\n/g, '\n').trimEnd()}\n`,
  };
}

/** 16 random bytes, positive (RFC 5280 serials are positive and at most 20 bytes). */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}
