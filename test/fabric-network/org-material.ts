// One org's crypto material on disk, in the folder layout Fabric's nodes and CLIs read (as
// cryptogen or fabric-ca-client write it): an MSP folder per identity (cacerts, tlscacerts,
// signcerts, keystore, NodeOUs config.yaml) and a TLS folder per node. Everything lives in the
// run's temporary directory; nothing is written to the repository copy but public certificates.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderNodeOusConfig } from '../../tools/src/pki/node-ous.ts';
import type { OrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate, type IssuedTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { issueIdentity } from './identities.ts';

export interface NodeMaterial {
  /** The node's hostname, as the repository derives it (<name>.<ingress domain>). */
  readonly host: string;
  readonly mspDir: string;
  readonly tlsCert: string;
  readonly tlsKey: string;
}

export interface OrgMaterial {
  readonly orgId: string;
  readonly mspId: string;
  readonly dir: string;
  readonly caCertFile: string;
  readonly tlsCaCertFile: string;
  /** The org's first admin (the certificate committed as its admin.pem), as an MSP folder. */
  readonly adminMspDir: string;
  /** A TLS client certificate of the admin, for osnadmin's mutual TLS. */
  readonly adminTlsCert: string;
  readonly adminTlsKey: string;
  readonly nodes: ReadonlyMap<string, NodeMaterial>;
}

export interface OrgNodeSpec {
  readonly name: string;
  readonly kind: 'peer' | 'orderer';
  readonly host: string;
  /** A TLS certificate issued beforehand (an orderer's, committed as its consenter certificate). */
  readonly tls?: IssuedTlsCertificate;
}

export async function writeOrgMaterial(options: {
  readonly pki: OrgPki;
  readonly organization: string;
  readonly dir: string;
  readonly nodes: readonly OrgNodeSpec[];
}): Promise<OrgMaterial> {
  const { pki, dir, organization } = options;
  const ca = { certificate: pki.certificates.ca, key: pki.keys.ca };
  const tlsCa = { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa };
  const now = new Date();
  const caCertFile = join(dir, 'ca.pem');
  const tlsCaCertFile = join(dir, 'tlsca.pem');
  await mkdir(dir, { recursive: true });
  await writeFile(caCertFile, pki.certificates.ca);
  await writeFile(tlsCaCertFile, pki.certificates.tlsCa);

  const writeMsp = async (mspDir: string, identity: { certificate: string; key: string }) => {
    for (const sub of ['cacerts', 'tlscacerts', 'signcerts', 'keystore'])
      await mkdir(join(mspDir, sub), { recursive: true });
    await writeFile(join(mspDir, 'cacerts', 'ca.pem'), pki.certificates.ca);
    await writeFile(join(mspDir, 'tlscacerts', 'tlsca.pem'), pki.certificates.tlsCa);
    await writeFile(join(mspDir, 'signcerts', 'cert.pem'), identity.certificate);
    await writeFile(join(mspDir, 'keystore', 'key.pem'), identity.key, { mode: 0o600 });
    await writeFile(join(mspDir, 'config.yaml'), renderNodeOusConfig());
  };
  const writeTls = async (tlsDir: string, issued: IssuedTlsCertificate) => {
    await mkdir(tlsDir, { recursive: true });
    await writeFile(join(tlsDir, 'tls.crt'), issued.certificate);
    await writeFile(join(tlsDir, 'tls.key'), issued.key, { mode: 0o600 });
    return { tlsCert: join(tlsDir, 'tls.crt'), tlsKey: join(tlsDir, 'tls.key') };
  };

  const adminMspDir = join(dir, 'admin', 'msp');
  await writeMsp(adminMspDir, { certificate: pki.certificates.admin, key: pki.keys.admin });
  const adminTls = await writeTls(
    join(dir, 'admin', 'tls'),
    await issueTlsCertificate({
      issuer: tlsCa,
      host: `admin.${pki.orgId}`,
      organization,
      validity: { days: 365 },
      now,
    }),
  );

  const nodes = new Map<string, NodeMaterial>();
  for (const node of options.nodes) {
    const nodeDir = join(dir, node.name);
    const mspDir = join(nodeDir, 'msp');
    await writeMsp(mspDir, await issueIdentity({ issuer: ca, commonName: node.host, organization, role: node.kind }));
    const tls =
      node.tls ??
      (await issueTlsCertificate({ issuer: tlsCa, host: node.host, organization, validity: { days: 365 }, now }));
    nodes.set(node.name, { host: node.host, mspDir, ...(await writeTls(join(nodeDir, 'tls'), tls)) });
  }
  return {
    orgId: pki.orgId,
    mspId: pki.mspId,
    dir,
    caCertFile,
    tlsCaCertFile,
    adminMspDir,
    adminTlsCert: adminTls.tlsCert,
    adminTlsKey: adminTls.tlsKey,
    nodes,
  };
}
