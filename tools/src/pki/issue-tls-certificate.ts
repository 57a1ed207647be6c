// A node TLS certificate issued by an org's TLS CA, as the member's Fabric CA would issue it on
// enrolment with `--enrollment.profile tls --csr.hosts <host>`. Used to give the example
// consortium real consenter certificates; members enroll theirs from the CA running in their cluster.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509';

export interface IssueTlsCertificateOptions {
  /** PEM certificate and PKCS#8 private key of the issuing TLS CA. */
  readonly issuer: { readonly certificate: string; readonly key: string };
  /** DNS name the certificate is for: its common name and first subject alternative name. */
  readonly host: string;
  /**
   * Further DNS names: a node's in-cluster Service names (nodeTlsHosts in model/endpoints.ts), so
   * clients in its own cluster dial it directly instead of through the public load balancer.
   */
  readonly alternativeNames?: readonly string[];
  /** Subject O=. */
  readonly organization: string;
  readonly validity: { readonly days: number };
  /** Start of validity; passed in, since the core takes no clock of its own. */
  readonly now: Date;
  /**
   * `client`: a TLS client certificate for a person (an org admin running the peer CLI or
   * osnadmin against mutual-TLS endpoints): `host` is then a common name such as Admin@domain,
   * with clientAuth only and no subject alternative name. Default `node`.
   */
  readonly usage?: 'node' | 'client';
}

export interface IssuedTlsCertificate {
  /** Public certificate (PEM), for the repository. */
  readonly certificate: string;
  /** PKCS#8 private key (PEM). It never goes into the repository. */
  readonly key: string;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto: webcrypto.Crypto = webcrypto;

/**
 * ECDSA P-256 / SHA-256, CA:false, digitalSignature + keyEncipherment, serverAuth and clientAuth
 * (a Raft consenter is both the server and the client of its peers' connections), with the
 * issuer's authority key identifier.
 */
export async function issueTlsCertificate(options: IssueTlsCertificateOptions): Promise<IssuedTlsCertificate> {
  if (!(options.validity.days > 0))
    throw new RangeError(`validity must be a positive number of days, got ${options.validity.days}`);
  const issuerCertificate = new X509Certificate(options.issuer.certificate);
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
  // Backdate a little: members' clocks differ, and a certificate "not yet valid" fails handshakes.
  const notBefore = new Date(options.now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(options.now.getTime() + options.validity.days * 24 * 60 * 60 * 1000);
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: [{ O: [options.organization] }, { CN: [options.host] }],
      issuer: issuerCertificate.subjectName,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      publicKey: keys.publicKey,
      signingKey,
      extensions: [
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature | KeyUsageFlags.keyEncipherment, true),
        new BasicConstraintsExtension(false, undefined, true),
        ...(options.usage === 'client'
          ? [new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth])]
          : [
              new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth, ExtendedKeyUsage.clientAuth]),
              new SubjectAlternativeNameExtension(
                [...new Set([options.host, ...(options.alternativeNames ?? [])])].map((value) => ({
                  type: 'dns',
                  value,
                })),
              ),
            ]),
        await AuthorityKeyIdentifierExtension.create(issuerCertificate, false, crypto),
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
