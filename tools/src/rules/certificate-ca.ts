import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { listCertificateReferences } from './certificate-references.ts';
import { reportAt } from './report.ts';

/** msp.caCert and msp.tlsCaCert must be CA certificates (basicConstraints CA:TRUE). */
export function checkCertificateCa(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    for (const ref of listCertificateReferences(org)) {
      if (ref.role === 'admin' || ref.role === 'ordererTls') continue;
      const lookup = ctx.certificates.lookup(ref.file);
      if (lookup.kind !== 'ok' || lookup.parsed.isCa) continue;
      found.push(
        reportAt({
          rule: 'certificate-ca',
          severity: 'error',
          source: org.source,
          path: ref.path,
          message: `${ref.label} of org "${org.id}" (${ref.file}, subject ${lookup.parsed.subject}) is not a CA certificate`,
          hint: "Reference the org's root or intermediate CA certificate (basicConstraints CA:TRUE), not a node or user certificate.",
        }),
      );
    }
  }
  return found;
}
