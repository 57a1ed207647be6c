import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { listCertificateReferences } from './certificate-references.ts';
import { reportAt } from './report.ts';

/**
 * An admin certificate must be issued and signed by its org's CA: otherwise Fabric's MSP does not
 * recognise it and the admin can sign nothing for the org.
 */
export function checkAdminCertificateChain(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    const ca = ctx.certificates.lookup(org.msp.caCert);
    if (ca.kind !== 'ok') continue;
    for (const ref of listCertificateReferences(org)) {
      if (ref.role !== 'admin') continue;
      const admin = ctx.certificates.lookup(ref.file);
      if (admin.kind !== 'ok' || ctx.certificates.isIssuedBy(admin.parsed, ca.parsed)) continue;
      found.push(
        reportAt({
          rule: 'admin-certificate-chain',
          severity: 'error',
          source: org.source,
          path: ref.path,
          message: `admin certificate ${ref.file} (subject ${admin.parsed.subject}) is not signed by the CA of org "${org.id}" (${org.msp.caCert})`,
          hint: `Issue the admin certificate from the CA in ${org.msp.caCert}, or reference the right CA certificate.`,
        }),
      );
    }
  }
  return found;
}
