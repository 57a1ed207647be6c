// `consortium org init ID --msp-id M --region R --domain D --admin LOGIN:ID`
//
// Order matters: the input is checked, the PKI is generated in memory (tools/src/pki), the new
// repository files are validated and their approvals previewed through an overlay, and only then
// are the private keys written (outside the repository, 0600) and the public files renamed into
// place. If the repository write fails, the keys just written are removed again.
import { join } from 'node:path';
import { generateOrgPki } from '../pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../pki/issue-tls-certificate.ts';
import { checkOrgInit, planOrgInit, type OrgInitSpec } from '../authoring/plan-org-init.ts';
import { checkKeyDirectory, checkKeyDirectoryFree, writeKeyDirectory } from '../authoring/key-directory.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';
import type { FileChanges } from '../authoring/file-changes.ts';

export interface OrgInitOptions extends OrgInitSpec {
  /** Parent directory of the key folder; keys go to <keysRoot>/<id>/. Must be outside the repository. */
  readonly keysRoot: string;
  /** Validity of the generated certificates. Default 3 years. */
  readonly validityDays?: number;
  readonly dryRun?: boolean;
}

export interface OrgInitPlan {
  readonly changes: FileChanges;
  /** Where the private keys are (or, on a dry run, would be) written. */
  readonly keyDir: string;
  readonly keyFiles: readonly string[];
}

const keyFileNames = {
  ca: 'ca-key.pem',
  tlsCa: 'tlsca-key.pem',
  admin: 'admin-key.pem',
  adminTlsCert: 'admin-tls-cert.pem',
  adminTlsKey: 'admin-tls-key.pem',
} as const;

export async function initOrg(
  services: AuthoringServices,
  options: OrgInitOptions,
): Promise<AuthoringResult<OrgInitPlan>> {
  let keys: { path: string; contents: string }[] = [];
  return runAuthoring<OrgInitPlan>(services, {
    async plan(model) {
      checkOrgInit(model, options);
      const keyDir = join(await checkKeyDirectory({ keyDir: options.keysRoot, repoDir: services.repoDir }), options.id);
      await checkKeyDirectoryFree(keyDir);
      const pki = await generateOrgPki({
        orgId: options.id,
        mspId: options.mspId,
        domain: options.domain,
        organizationName: options.displayName ?? options.id,
        validity: { days: options.validityDays ?? 3 * 365 },
        now: services.now,
      });
      // The admin's TLS client certificate, for mutual TLS to the org's peers and orderers (peer
      // CLI, osnadmin). It lives with its key in the key directory, where the admin works from.
      const adminTls = await issueTlsCertificate({
        issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
        host: `Admin@${options.domain}`,
        organization: options.displayName ?? options.id,
        validity: { days: options.validityDays ?? 3 * 365 },
        now: services.now,
        usage: 'client',
      });
      keys = [
        { path: keyFileNames.ca, contents: pki.keys.ca },
        { path: keyFileNames.tlsCa, contents: pki.keys.tlsCa },
        { path: keyFileNames.admin, contents: pki.keys.admin },
        { path: keyFileNames.adminTlsCert, contents: adminTls.certificate },
        { path: keyFileNames.adminTlsKey, contents: adminTls.key },
      ];
      return { changes: planOrgInit(model, options, pki), keyDir, keyFiles: keys.map((k) => join(keyDir, k.path)) };
    },
    changesOf: (plan) => plan.changes,
    beforeWrite: (plan) => writeKeyDirectory(plan.keyDir, keys),
    dryRun: options.dryRun ?? false,
  });
}
