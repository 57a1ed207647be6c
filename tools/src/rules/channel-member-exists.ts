import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';
import { intendedMember } from './context.ts';

export function checkChannelMemberExists(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    const seen = new Set<string>();
    channel.members.forEach((member, i) => {
      const report = (message: string, hint: string) =>
        found.push(
          reportAt({
            rule: 'channel-member-exists',
            severity: 'error',
            source: channel.source,
            path: `members.${i}`,
            message,
            hint,
          }),
        );
      if (ctx.unloadedOrgIds.has(member)) {
        // Its org.yaml did not load; the loader has said why.
      } else if (!ctx.orgsById.has(member)) {
        const intended = intendedMember(channel, member, ctx.orgsById);
        if (intended === undefined)
          report(
            `channel "${channel.name}" lists member "${member}", but there is no orgs/${member}/org.yaml`,
            'List org ids (folder names under orgs/), or add the organization first.',
          );
        else
          report(
            `channel "${channel.name}" lists member "${member}", but there is no orgs/${member}/org.yaml; did you mean "${intended}"?`,
            `Replace "${member}" with "${intended}" in members (org ids are the folder names under orgs/).`,
          );
      } else if (seen.has(member)) {
        report(
          `channel "${channel.name}" lists member "${member}" twice`,
          'List each member once; a duplicate would count twice in MAJORITY policies.',
        );
      }
      seen.add(member);
    });
  }
  return found;
}
