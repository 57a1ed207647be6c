// Enrollment (signing) certificates of the test network's nodes and clients, issued by an org's
// CA the way its Fabric CA would on `fabric-ca-client enroll`: ECDSA P-256, CA:false,
// digitalSignature, the role as OU (NodeOUs: peer, orderer, client, admin). The org's CA, TLS CA
// and first admin come from the project's own generator (tools/src/pki), as `org init` makes them.
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

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto: webcrypto.Crypto = webcrypto;

export interface IssuedIdentity {
  readonly certificate: string;
  readonly key: string;
}

export async function issueIdentity(options: {
  readonly issuer: { readonly certificate: string; readonly key: string };
  readonly commonName: string;
  readonly organization: string;
  readonly role: 'peer' | 'orderer' | 'client' | 'admin';
}): Promise<IssuedIdentity> {
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
  const now = Date.now();
  const certificate = await X509CertificateGenerator.create(
    {
      serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(16)))
        .toString('hex')
        .replace(/^./, '1'),
      subject: [{ O: [options.organization] }, { OU: [options.role] }, { CN: [options.commonName] }],
      issuer: issuer.subjectName,
      notBefore: new Date(now - 60 * 60 * 1000),
      notAfter: new Date(now + 365 * 24 * 60 * 60 * 1000),
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
