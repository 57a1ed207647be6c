// `consortium org reissue ID [--ca]`: the way out after an org's admin key (or its CA key) leaked,
// for example into the shared repository's history. A new admin certificate and key under the
// org's CA; with --ca a new CA and TLS CA and every certificate under them (admin, orderer TLS).
// The public certificates change as one org.update the org itself approves; every admin
// certificate listed before is replaced by the new one. Private keys go only to the key directory:
// the old key set is kept beside it as <id>.retired-<time>/, never overwritten, never in the repo.
import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { X509Certificate } from '@peculiar/x509';
import { FindingsError } from '../errors.ts';
import { ordererHost, ordererTlsHosts } from '../model/endpoints.ts';
import { consenterKeyFile } from './org-secrets.ts';
import type { ConsortiumModel, Organization } from '../model/types.ts';
import { generateOrgPki } from '../pki/generate-org-pki.ts';
import { issueAdminCertificate } from '../pki/issue-admin-certificate.ts';
import { issueTlsCertificate } from '../pki/issue-tls-certificate.ts';
import { checkKeyDirectory, writeKeyDirectory, type KeyFile } from '../authoring/key-directory.ts';
import { createFileChanges, type FileChanges } from '../authoring/file-changes.ts';
import { findOrg, openForEdit } from '../authoring/model-files.ts';
import { printEditableYaml, setValue } from '../authoring/yaml-edit.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';

export interface OrgReissueOptions {
  readonly id: string;
  /** Parent of the key folder <keysRoot>/<id>/ that org init wrote. Must be outside the repository. */
  readonly keysRoot: string;
  /** Reissue the CA and TLS CA too (their key leaked), and every certificate under them. */
  readonly ca?: boolean;
  readonly validityDays?: number;
  readonly dryRun?: boolean;
}

export interface OrgReissuePlan {
  readonly changes: FileChanges;
  readonly keyDir: string;
  /** Where the previous key set is moved (undefined when there was none). */
  readonly retiredDir: string | undefined;
  readonly keyFiles: readonly string[];
  /** Repository files of certificates replaced or removed. */
  readonly replaced: readonly string[];
}

export async function reissueOrg(
  services: AuthoringServices,
  options: OrgReissueOptions,
): Promise<AuthoringResult<OrgReissuePlan>> {
  let keys: KeyFile[] = [];
  return runAuthoring<OrgReissuePlan>(services, {
    async plan(model) {
      const org = findOrg(model, options.id);
      const keyDir = join(await checkKeyDirectory({ keyDir: options.keysRoot, repoDir: services.repoDir }), org.id);
      const old = await readOldKeys(keyDir);
      const validity = { days: options.validityDays ?? 3 * 365 };
      const writes: [string, string][] = [];
      let adminCertificate: string;
      if (options.ca === true) {
        const pki = await generateOrgPki({
          orgId: org.id,
          mspId: org.mspId,
          domain: org.domain,
          organizationName: organizationOf(model, org),
          validity,
          now: services.now,
        });
        writes.push([org.msp.caCert, pki.certificates.ca], [org.msp.tlsCaCert, pki.certificates.tlsCa]);
        adminCertificate = pki.certificates.admin;
        keys = [
          { path: 'ca-key.pem', contents: pki.keys.ca },
          { path: 'tlsca-key.pem', contents: pki.keys.tlsCa },
          { path: 'admin-key.pem', contents: pki.keys.admin },
        ];
        // Every certificate the old TLS CA issued that the repository holds: the orderers' TLS
        // certificates (their consenter identity) are reissued under the new TLS CA.
        for (const orderer of org.orderers) {
          if (orderer.tlsCert === undefined) continue;
          // Every name a client dials (the external host, then the in-cluster Service names):
          // the consenter presents this very certificate on all of them.
          const [host, ...alternativeNames] = ordererTlsHosts(org, orderer);
          const tls = await issueTlsCertificate({
            issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
            host: host ?? ordererHost(org, orderer),
            alternativeNames,
            organization: organizationOf(model, org),
            validity,
            now: services.now,
          });
          writes.push([orderer.tlsCert, tls.certificate]);
          keys.push({ path: consenterKeyFile(orderer.name), contents: tls.key });
        }
      } else {
        const caKey = old.get('ca-key.pem');
        if (caKey === undefined) {
          throw new FindingsError(
            `no CA key at ${join(keyDir, 'ca-key.pem')}: a new admin certificate is issued by the org's CA, with the key org init wrote there. ` +
              'Pass --key-dir DIR where it is, or --ca to reissue the CA and every certificate under it (needed anyway when the CA key itself leaked). Nothing was written.',
          );
        }
        const caCert = model.files.find((f) => f.path === org.msp.caCert)?.text;
        if (caCert === undefined) throw new FindingsError(`${org.msp.caCert}: the org's CA certificate cannot be read`);
        const issued = await issueAdminCertificate({
          issuer: { certificate: caCert, key: caKey },
          domain: org.domain,
          validity,
          now: services.now,
        });
        adminCertificate = issued.certificate;
        // The CA keys stay valid: carried over into the new key set.
        keys = [...old]
          .filter(([path]) => path !== 'admin-key.pem')
          .map(([path, contents]) => ({ path, contents }))
          .concat([{ path: 'admin-key.pem', contents: issued.key }]);
      }
      const admin = `orgs/${org.id}/msp/admin.pem`;
      writes.push([admin, adminCertificate]);
      // The old admin certificates lose their say: the org's admins are the new certificate alone.
      const removed = org.msp.adminCerts.filter((path) => path !== admin);
      if (org.msp.adminCerts.length !== 1 || org.msp.adminCerts[0] !== admin) {
        const yaml = openForEdit(model, org.source.file);
        setValue(yaml, ['msp', 'adminCerts'], ['msp/admin.pem']);
        writes.push([org.source.file, printEditableYaml(yaml)]);
      }
      const stamp = services.now
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      return {
        changes: createFileChanges(writes, removed),
        keyDir,
        retiredDir: old.size > 0 ? `${keyDir}.retired-${stamp}` : undefined,
        keyFiles: keys.map((k) => join(keyDir, k.path)).sort(),
        replaced: [...writes.map(([path]) => path), ...removed].sort(),
      };
    },
    changesOf: (plan) => plan.changes,
    async beforeWrite(plan) {
      if (plan.retiredDir !== undefined) await rename(plan.keyDir, plan.retiredDir);
      try {
        const written = await writeKeyDirectory(plan.keyDir, keys);
        return {
          async undo() {
            await written.undo();
            if (plan.retiredDir !== undefined) await rename(plan.retiredDir, plan.keyDir);
          },
        };
      } catch (error) {
        if (plan.retiredDir !== undefined) await rename(plan.retiredDir, plan.keyDir).catch(() => undefined);
        throw error;
      }
    },
    dryRun: options.dryRun ?? false,
  });
}

/** The key files org init (or an earlier reissue) wrote, by path relative to the key folder. */
async function readOldKeys(keyDir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const name of ['ca-key.pem', 'tlsca-key.pem', 'admin-key.pem']) {
    const text = await readFile(join(keyDir, name), 'utf8').catch(() => undefined);
    if (text !== undefined) found.set(name, text);
  }
  return found;
}

/** Subject O= as the current CA has it (org init used the display name), so names stay stable. */
function organizationOf(model: ConsortiumModel, org: Organization): string {
  const pem = model.files.find((f) => f.path === org.msp.caCert)?.text;
  try {
    if (pem !== undefined) return new X509Certificate(pem).subjectName.getField('O')[0] ?? org.displayName;
  } catch {
    // An unreadable CA certificate is reissued anyway; the display name stands in.
  }
  return org.displayName;
}
