// In-process PKI for one test cluster: a CA, the API server's serving certificate, an admin
// client certificate and the service-account signing key. Generated per run with WebCrypto and
// @peculiar/x509 so the harness needs no openssl and no key ever lands in the repository.
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

export interface ClusterPki {
  readonly caFile: string;
  readonly servingCertFile: string;
  readonly servingKeyFile: string;
  readonly adminCertFile: string;
  readonly adminKeyFile: string;
  readonly serviceAccountKeyFile: string;
  readonly serviceAccountPublicKeyFile: string;
  /** PEM text, for embedding in kubeconfigs. */
  readonly caPem: string;
  readonly adminCertPem: string;
  readonly adminKeyPem: string;
}

export interface CreatePkiOptions {
  readonly dir: string;
  readonly clusterName: string;
  /** First address of the service CIDR: the in-cluster 'kubernetes' Service IP. */
  readonly serviceIp: string;
}

export async function createClusterPki(options: CreatePkiOptions): Promise<ClusterPki> {
  const { dir, clusterName, serviceIp } = options;
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 7 * 24 * 60 * 60 * 1000);

  const caKeys = await generateKeys();
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: `CN=test-cluster-${clusterName}-ca`,
      keys: caKeys,
      notBefore,
      notAfter,
      signingAlgorithm: algorithm,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );

  const issue = async (subject: string, usage: x509.ExtendedKeyUsage, names?: x509.JsonGeneralNames) => {
    const keys = await generateKeys();
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([usage]),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false, crypto),
    ];
    if (names !== undefined) extensions.push(new x509.SubjectAlternativeNameExtension(names));
    const cert = await x509.X509CertificateGenerator.create(
      {
        subject,
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
    return { certPem: cert.toString('pem'), keyPem: await exportPrivateKey(keys.privateKey) };
  };

  const serving = await issue('CN=kube-apiserver', x509.ExtendedKeyUsage.serverAuth, [
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: serviceIp },
    { type: 'dns', value: 'localhost' },
    { type: 'dns', value: 'kubernetes' },
    { type: 'dns', value: 'kubernetes.default' },
    { type: 'dns', value: 'kubernetes.default.svc' },
  ]);
  const admin = await issue('CN=admin, O=system:masters', x509.ExtendedKeyUsage.clientAuth);
  const serviceAccount = await generateKeys();

  const files = {
    caFile: join(dir, 'ca.crt'),
    servingCertFile: join(dir, 'apiserver.crt'),
    servingKeyFile: join(dir, 'apiserver.key'),
    adminCertFile: join(dir, 'admin.crt'),
    adminKeyFile: join(dir, 'admin.key'),
    serviceAccountKeyFile: join(dir, 'sa.key'),
    serviceAccountPublicKeyFile: join(dir, 'sa.pub'),
  };
  const caPem = ca.toString('pem');
  const saPublic = x509.PemConverter.encode(
    await crypto.subtle.exportKey('spki', serviceAccount.publicKey),
    'PUBLIC KEY',
  );
  await Promise.all([
    writeFile(files.caFile, caPem),
    writeFile(files.servingCertFile, serving.certPem),
    writeFile(files.servingKeyFile, serving.keyPem, { mode: 0o600 }),
    writeFile(files.adminCertFile, admin.certPem),
    writeFile(files.adminKeyFile, admin.keyPem, { mode: 0o600 }),
    writeFile(files.serviceAccountKeyFile, await exportPrivateKey(serviceAccount.privateKey), { mode: 0o600 }),
    writeFile(files.serviceAccountPublicKeyFile, saPublic),
  ]);
  return { ...files, caPem, adminCertPem: admin.certPem, adminKeyPem: admin.keyPem };
}

async function generateKeys(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
}

async function exportPrivateKey(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}
