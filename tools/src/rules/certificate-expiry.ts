import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { lineOfCertificate, listCertificateReferences } from './certificate-references.ts';

const dayMs = 24 * 60 * 60 * 1000;
/** Certificates expiring within this many days get a warning, to leave time to rotate them. */
export const EXPIRY_WARNING_DAYS = 30;

export function checkCertificateExpiry(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  const seen = new Set<string>();
  const now = ctx.now.getTime();
  for (const org of ctx.model.orgs) {
    for (const ref of listCertificateReferences(org)) {
      if (seen.has(ref.file)) continue;
      seen.add(ref.file);
      const lookup = ctx.certificates.lookup(ref.file);
      if (lookup.kind !== 'ok') continue;
      const { validFrom, validTo } = lookup.parsed;
      const at = {
        rule: 'certificate-expiry',
        file: ref.file,
        line: lineOfCertificate(ctx.filesByPath.get(ref.file)?.text),
        column: 1,
      };
      const what = `${ref.label} of org "${org.id}"`;
      if (validTo.getTime() <= now) {
        found.push({
          ...at,
          severity: 'error',
          message: `${what} expired on ${validTo.toISOString()}`,
          hint: 'Renew the certificate (same key or new key) and replace this file.',
        });
      } else if (validFrom.getTime() > now) {
        found.push({
          ...at,
          severity: 'error',
          message: `${what} is not valid until ${validFrom.toISOString()}`,
          hint: "Check the issuing CA's clock, or wait until the certificate is valid before merging.",
        });
      } else if (validTo.getTime() - now < EXPIRY_WARNING_DAYS * dayMs) {
        const days = Math.floor((validTo.getTime() - now) / dayMs);
        found.push({
          ...at,
          severity: 'warning',
          message: `${what} expires on ${validTo.toISOString()} (in ${days} day${days === 1 ? '' : 's'})`,
          hint: 'Renew it now and replace this file, before peers and orderers start rejecting it.',
        });
      }
    }
  }
  return found;
}
