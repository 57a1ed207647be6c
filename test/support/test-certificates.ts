// Real X.509 certificates for tests and the benchmark, made with @peculiar/x509 over WebCrypto
// (ECDSA P-256, as Fabric CAs issue by default). Only the public certificates are returned: the
// keys live in memory for the duration of the call.
// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 24 * 60 * 60 * 1000;

export interface OrgCertificates {
  readonly caCert: string;
  readonly tlsCaCert: string;
  readonly adminCert: string;
}

export interface CertificateOptions {
  /** Common-name stem, e.g. "manufacturer". */
  readonly name: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** Validity end of the admin certificate only (defaults to notAfter). */
  readonly adminNotAfter?: Date;
  /** Make the "CA" certificate an end-entity certificate (to prove detection). */
  readonly caIsNotCa?: boolean;
}

async function createCa(options: { cn: string; notBefore: Date; notAfter: Date; isCa: boolean }) {
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${options.cn}, O=${options.cn}`,
    notBefore: options.notBefore,
    notAfter: options.notAfter,
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(options.isCa, options.isCa ? 1 : undefined, true),
      new x509.KeyUsagesExtension(
        options.isCa
          ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
          : x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert, keys };
}

/** A CA, a TLS CA and an admin certificate issued by the CA. */
export async function generateOrgCertificates(options: CertificateOptions): Promise<OrgCertificates> {
  const notBefore = options.notBefore ?? new Date(Date.now() - dayMs);
  const notAfter = options.notAfter ?? new Date(Date.now() + 3650 * dayMs);
  const ca = await createCa({ cn: `ca.${options.name}`, notBefore, notAfter, isCa: options.caIsNotCa !== true });
  const tlsCa = await createCa({ cn: `tlsca.${options.name}`, notBefore, notAfter, isCa: true });
  const adminKeys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const admin = await x509.X509CertificateGenerator.create({
    subject: `CN=admin.${options.name}, OU=admin`,
    issuer: ca.cert.subject,
    notBefore,
    notAfter: options.adminNotAfter ?? notAfter,
    publicKey: adminKeys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  return {
    caCert: ca.cert.toString('pem') + '\n',
    tlsCaCert: tlsCa.cert.toString('pem') + '\n',
    adminCert: admin.toString('pem') + '\n',
  };
}
