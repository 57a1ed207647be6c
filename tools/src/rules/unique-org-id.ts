import type { Diagnostic } from '../model/diagnostic.ts';
import type { Organization } from '../model/types.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * Org ids name folders, label Kubernetes objects and are referenced from channels and consenters:
 * two orgs cannot share one. Of the orgs sharing an id, the one in orgs/<id>/ owns it (the copy in
 * another folder is the mistake); otherwise the first in path order does.
 */
export function checkUniqueOrgId(ctx: RuleContext): Diagnostic[] {
  const byId = new Map<string, Organization[]>();
  for (const org of ctx.model.orgs) {
    const list = byId.get(org.id);
    if (list === undefined) byId.set(org.id, [org]);
    else list.push(org);
  }
  const found: Diagnostic[] = [];
  for (const [id, orgs] of byId) {
    if (orgs.length < 2) continue;
    const owner = orgs.find((org) => org.source.file === `orgs/${id}/org.yaml`) ?? orgs[0];
    for (const org of orgs) {
      if (org === owner) continue;
      found.push(
        reportAt({
          rule: 'unique-org-id',
          severity: 'error',
          source: org.source,
          path: 'id',
          message: `org id "${id}" is already used by ${owner?.source.file ?? 'another organization'}`,
          hint: 'Give each organization its own id, equal to the name of its folder under orgs/.',
        }),
      );
    }
  }
  return found;
}
