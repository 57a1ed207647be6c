// @peculiar/x509 resolves its ASN.1 services through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  PemConverter,
  SubjectKeyIdentifierExtension,
  X509CertificateGenerator,
} from '@peculiar/x509';
import type { JsonName, X509Certificate } from '@peculiar/x509';
import { renderNodeOusConfig } from './node-ous.ts';

export interface GenerateOrgPkiOptions {
  /** Org id (folder name under orgs/); used only in messages. */
  readonly orgId: string;
  readonly mspId: string;
  /** The org's DNS domain: subjects are ca.<domain>, tlsca.<domain>, Admin@<domain>. */
  readonly domain: string;
  /** Subject O= of every certificate. Default: the domain (as Fabric's cryptogen does). */
  readonly organizationName?: string;
  /** How long the certificates are valid. */
  readonly validity: { readonly days: number };
  /** Start of validity; passed in, since the core takes no clock of its own. */
  readonly now: Date;
}

/** Public certificates (PEM), for the repository. */
export interface OrgCertificates {
  readonly ca: string;
  readonly tlsCa: string;
  readonly admin: string;
}

/** PKCS#8 private keys (PEM). They never go into the repository. */
export interface OrgPrivateKeys {
  readonly ca: string;
  readonly tlsCa: string;
  readonly admin: string;
}

export interface OrgPki {
  readonly orgId: string;
  readonly mspId: string;
  readonly certificates: OrgCertificates;
  readonly keys: OrgPrivateKeys;
  /** Contents of msp/config.yaml (NodeOUs). */
  readonly nodeOusConfig: string;
}

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto: webcrypto.Crypto = webcrypto;

/**
 * A member organization's certificate authorities and first admin, shaped the way Fabric expects
 * them: ECDSA P-256 with SHA-256; CA certificates with critical basicConstraints CA:true and
 * keyCertSign/cRLSign, each with a subject key identifier; the admin certificate signed by the CA
 * with digitalSignature only, CA:false, an authority key identifier and OU=admin (NodeOUs).
 */
export async function generateOrgPki(options: GenerateOrgPkiOptions): Promise<OrgPki> {
  const { domain, now } = options;
  if (!(options.validity.days > 0))
    throw new RangeError(`validity must be a positive number of days, got ${options.validity.days}`);
  const organization = options.organizationName ?? domain;
  // Backdate a little: members' clocks differ, and a certificate "not yet valid" fails handshakes.
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + options.validity.days * 24 * 60 * 60 * 1000);

  const ca = await createCa({ subject: name({ organization, commonName: `ca.${domain}` }), notBefore, notAfter });
  const tlsCa = await createCa({ subject: name({ organization, commonName: `tlsca.${domain}` }), notBefore, notAfter });

  const adminKeys = await generateKeys();
  const admin = await X509CertificateGenerator.create(
    {
      serialNumber: randomSerial(),
      subject: name({ organization, unit: 'admin', commonName: `Admin@${domain}` }),
      issuer: ca.certificate.subjectName,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      publicKey: adminKeys.publicKey,
      signingKey: ca.keys.privateKey,
      extensions: [
        new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
        new BasicConstraintsExtension(false, undefined, true),
        await AuthorityKeyIdentifierExtension.create(ca.keys.publicKey, false, crypto),
        await SubjectKeyIdentifierExtension.create(adminKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  return {
    orgId: options.orgId,
    mspId: options.mspId,
    certificates: { ca: pem(ca.certificate), tlsCa: pem(tlsCa.certificate), admin: pem(admin) },
    keys: {
      ca: await exportKey(ca.keys.privateKey),
      tlsCa: await exportKey(tlsCa.keys.privateKey),
      admin: await exportKey(adminKeys.privateKey),
    },
    nodeOusConfig: renderNodeOusConfig(),
  };
}

async function createCa(options: {
  subject: JsonName;
  notBefore: Date;
  notAfter: Date;
}): Promise<{ certificate: X509Certificate; keys: CryptoKeyPair }> {
  const keys = await generateKeys();
  const certificate = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: options.subject,
      notBefore: options.notBefore,
      notAfter: options.notAfter,
      signingAlgorithm: algorithm,
      keys,
      extensions: [
        new BasicConstraintsExtension(true, undefined, true),
        new KeyUsagesExtension(
          KeyUsageFlags.digitalSignature | KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign,
          true,
        ),
        // Fabric's own CAs carry these too; harmless for an identity CA, needed by some TLS stacks.
        new ExtendedKeyUsageExtension([ExtendedKeyUsage.clientAuth, ExtendedKeyUsage.serverAuth]),
        await SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { certificate, keys };
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey({ name: algorithm.name, namedCurve: algorithm.namedCurve }, true, [
    'sign',
    'verify',
  ]);
}

/** Subject as structured attributes, so commas or plus signs in a company name need no escaping. */
function name(options: { organization: string; unit?: string; commonName: string }): JsonName {
  return [
    { O: [options.organization] },
    ...(options.unit === undefined ? [] : [{ OU: [options.unit] }]),
    { CN: [options.commonName] },
  ];
}

/** 16 random bytes, positive (RFC 5280 serials are positive and at most 20 bytes). */
function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex');
}

function pem(certificate: X509Certificate): string {
  return `${certificate.toString('pem').replace(/\r\n/g, '\n').trimEnd()}\n`;
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = await crypto.subtle.exportKey('pkcs8', key);
  return `${PemConverter.encode(der, 'PRIVATE KEY').replace(/\r\n/g, '\n').trimEnd()}\n`;
}
