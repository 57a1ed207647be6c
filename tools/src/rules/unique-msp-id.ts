import type { Diagnostic } from '../model/diagnostic.ts';
import type { Organization } from '../model/types.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';
import { locate } from '../model/source.ts';

/**
 * An MSP ID identifies a member in every policy and signature: two orgs with one MSP ID would
 * satisfy each other's approvals. MSP IDs are compared exactly, as Fabric does, and also without
 * case, since IDs differing only in case are a typo waiting to happen in a policy string.
 */
export function checkUniqueMspId(ctx: RuleContext): Diagnostic[] {
  const seen = new Map<string, Organization>();
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    const key = org.mspId.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, org);
      continue;
    }
    const same = first.mspId === org.mspId;
    // Both places by file and line, so the two lines to compare are one click away each.
    const firstAt = locate(first.source, 'mspId');
    const where = `${firstAt.file}:${firstAt.line}`;
    found.push(
      reportAt({
        rule: 'unique-msp-id',
        severity: 'error',
        source: org.source,
        path: 'mspId',
        message: same
          ? `MSP ID "${org.mspId}" is already used by org "${first.id}" (${where})`
          : `MSP ID "${org.mspId}" differs only in letter case from "${first.mspId}" of org "${first.id}" (${where})`,
        hint: 'Choose an MSP ID no other member uses, for example the org id in CamelCase followed by "MSP".',
      }),
    );
  }
  return found;
}
