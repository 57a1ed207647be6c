// Regenerates the example consortium's public certificates: for every orgs/<id>/org.yaml, a CA,
// a TLS CA and an admin certificate (10 years) plus the NodeOUs msp/config.yaml, and for each of
// its orderers a TLS certificate issued by that TLS CA for the orderer's external host, written to
// msp/<orderer>-tls.pem (org.yaml's `orderers[].tlsCert` names it).
//
//   node --import tsx scripts/generate-example-certs.ts [--key-dir DIR] [--tls-only]
//
// --tls-only regenerates only the TLS CA and the orderer TLS certificates (the TLS CA's key is
// discarded, so they are made together) and keeps the CA, admin and config.yaml files.
// Private keys are discarded unless --key-dir names a directory outside the repository (orderer
// TLS keys always are: members enroll their own in-cluster); the
// example consortium only needs certificates to validate and render.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { generateOrgPki } from '../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../tools/src/pki/issue-tls-certificate.ts';
import { writeOrgPki } from '../tools/src/pki/write-org-pki.ts';

const { values } = parseArgs({
  options: { 'key-dir': { type: 'string' }, repo: { type: 'string' }, 'tls-only': { type: 'boolean' } },
  strict: true,
});
const repoRoot = resolve(values.repo ?? join(import.meta.dirname, '..'));
const now = new Date();

for (const orgId of (await readdir(join(repoRoot, 'orgs'), { withFileTypes: true }))
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()) {
  const org = parse(await readFile(join(repoRoot, 'orgs', orgId, 'org.yaml'), 'utf8')) as {
    id: string;
    mspId: string;
    domain: string;
    displayName: string;
    cluster: { namespace: string; ingress: { domain: string } };
    orderers?: { name: string }[];
  };
  const pki = await generateOrgPki({
    orgId,
    mspId: org.mspId,
    domain: org.domain,
    organizationName: org.displayName,
    validity: { days: 3650 },
    now,
  });
  const mspDir = join(repoRoot, 'orgs', orgId, 'msp');
  let files = 0;
  let keysWritten = false;
  if (values['tls-only'] === true) {
    await writeFile(join(mspDir, 'tlsca.pem'), pki.certificates.tlsCa, { mode: 0o644 });
    files++;
  } else {
    const written = await writeOrgPki({
      pki,
      repoRoot,
      mspDir,
      ...(values['key-dir'] === undefined ? {} : { keyDir: values['key-dir'] }),
    });
    files += written.certificates.length;
    keysWritten = written.keys.length > 0;
  }
  for (const orderer of org.orderers ?? []) {
    // The same names as tools/src/model/endpoints.ts ordererTlsHosts: <name>.<cluster.ingress.domain>,
    // then the orderer's in-cluster Service names.
    const host = `${orderer.name}.${org.cluster.ingress.domain}`.toLowerCase();
    const service = `${orderer.name}-${orgId}`;
    const ns = org.cluster.namespace;
    const tls = await issueTlsCertificate({
      issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
      host,
      alternativeNames: [service, `${service}.${ns}`, `${service}.${ns}.svc`, `${service}.${ns}.svc.cluster.local`],
      organization: org.displayName,
      validity: { days: 3650 },
      now,
    });
    await writeFile(join(mspDir, `${orderer.name}-tls.pem`), tls.certificate, { mode: 0o644 });
    files++;
  }
  process.stdout.write(
    `${orgId} (${org.mspId}): ${files} files in orgs/${orgId}/msp` +
      (keysWritten ? `, keys in ${join(resolve(values['key-dir'] ?? ''), orgId)}\n` : ', keys discarded\n'),
  );
}
