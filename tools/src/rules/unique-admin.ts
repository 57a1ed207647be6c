import type { Diagnostic } from '../model/diagnostic.ts';
import { describeSharedAdmin, findSharedAdmins } from '../model/shared-admins.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * An admin approves for exactly one org: a githubId (the identity governance trusts) or a login
 * (what reviewers see, compared without case as GitHub does) listed under two orgs would let one
 * review count as two organizations' approvals. Each listing in an org after the first is reported
 * once, at its own line; repeating a person inside one org is harmless and not reported.
 */
export function checkUniqueAdmin(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  const reported = new Set<string>();
  for (const shared of findSharedAdmins(ctx.model.orgs)) {
    const [first] = shared.listings;
    if (first === undefined) continue;
    const orgsSeen = new Set([first.org.id]);
    for (const listing of shared.listings) {
      if (orgsSeen.has(listing.org.id)) continue;
      orgsSeen.add(listing.org.id);
      const key = `${listing.org.id}\0${listing.index}`;
      if (reported.has(key)) continue; // the same listing shares both id and login: one finding
      reported.add(key);
      found.push(
        reportAt({
          rule: 'unique-admin',
          severity: 'error',
          source: listing.org.source,
          path: ['admins', listing.index, shared.by === 'githubId' ? 'githubId' : 'github'],
          message: `${describeSharedAdmin(shared, listing)} is already an admin of org "${first.org.id}" (${first.org.source.file}, as ${first.admin.github}): one person cannot approve for two organizations`,
          hint: 'List each person under one org only. Someone who works for two members approves for one of them; the other member names its own admins.',
        }),
      );
    }
  }
  return found;
}
