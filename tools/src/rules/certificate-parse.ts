import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { lineOfCertificate, listCertificateReferences } from './certificate-references.ts';

/** Every certificate org.yaml references parses as X.509. */
export function checkCertificateParse(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const org of ctx.model.orgs) {
    for (const ref of listCertificateReferences(org)) {
      const lookup = ctx.certificates.lookup(ref.file);
      // A missing file is the loader's finding (missing-file); here: files that exist but are no certificate.
      if (lookup.kind === 'invalid' && !reported.has(ref.file)) {
        reported.add(ref.file);
        found.push({
          rule: 'certificate-parse',
          severity: 'error',
          file: ref.file,
          line: lineOfCertificate(ctx.filesByPath.get(ref.file)?.text),
          column: 1,
          message: `${ref.label} of org "${org.id}" is not a certificate: ${lookup.reason}`,
          hint: 'Put the PEM-encoded public X.509 certificate ("-----BEGIN CERTIFICATE-----") in this file.',
        });
      }
    }
  }
  return found;
}
