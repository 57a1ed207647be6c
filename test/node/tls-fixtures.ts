// A throwaway CA with server certificates for given host names and one client certificate, made
// in-process per test run (nothing is written to the repository).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto = webcrypto;

export interface IssuedCert {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface TlsFixtures {
  readonly caPem: string;
  readonly servers: Readonly<Record<string, IssuedCert>>;
  readonly client: IssuedCert;
}

export async function createTlsFixtures(serverNames: readonly string[], clientName: string): Promise<TlsFixtures> {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const caKeys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=node-smoke-test-ca',
      keys: caKeys,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
      ],
    },
    crypto,
  );
  const issue = async (cn: string, usage: x509.ExtendedKeyUsage, dns?: string): Promise<IssuedCert> => {
    const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
    ];
    if (dns !== undefined) extensions.push(new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: dns }]));
    const cert = await x509.X509CertificateGenerator.create(
      {
        subject: `CN=${cn}`,
        issuer: ca.subject,
        notBefore,
        notAfter,
        signingAlgorithm: algorithm,
        publicKey: keys.publicKey,
        signingKey: caKeys.privateKey,
        extensions,
      },
      crypto,
    );
    const keyPem = x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
    return { certPem: cert.toString('pem'), keyPem };
  };
  const servers: Record<string, IssuedCert> = {};
  for (const name of serverNames) servers[name] = await issue(name, x509.ExtendedKeyUsage.serverAuth, name);
  return { caPem: ca.toString('pem'), servers, client: await issue(clientName, x509.ExtendedKeyUsage.clientAuth) };
}
