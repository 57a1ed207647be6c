// Regenerates the example consortium's public certificates: for every orgs/<id>/org.yaml, a CA,
// a TLS CA and an admin certificate (10 years) plus the NodeOUs msp/config.yaml.
//
//   node --import tsx scripts/generate-example-certs.ts [--key-dir DIR]
//
// Private keys are discarded unless --key-dir names a directory outside the repository; the
// example consortium only needs certificates to validate and render.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { generateOrgPki } from '../tools/src/pki/generate-org-pki.ts';
import { writeOrgPki } from '../tools/src/pki/write-org-pki.ts';

const { values } = parseArgs({
  options: { 'key-dir': { type: 'string' }, repo: { type: 'string' } },
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
  };
  const pki = await generateOrgPki({
    orgId,
    mspId: org.mspId,
    domain: org.domain,
    organizationName: org.displayName,
    validity: { days: 3650 },
    now,
  });
  const written = await writeOrgPki({
    pki,
    repoRoot,
    mspDir: join(repoRoot, 'orgs', orgId, 'msp'),
    ...(values['key-dir'] === undefined ? {} : { keyDir: values['key-dir'] }),
  });
  process.stdout.write(
    `${orgId} (${org.mspId}): ${written.certificates.length} files in orgs/${orgId}/msp` +
      (written.keys.length > 0 ? `, keys in ${join(resolve(values['key-dir'] ?? ''), orgId)}\n` : ', keys discarded\n'),
  );
}
