import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/** A peer can only run a chaincode of a channel its org has joined. */
export function checkInstalledOnMember(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    const members = ctx.channelMembers.get(channel.name) ?? new Set(channel.members);
    for (const chaincode of channel.chaincodes) {
      chaincode.installedOn.forEach((orgId, i) => {
        // Unknown orgs are installed-on-exists' finding.
        if (members.has(orgId) || !ctx.orgsById.has(orgId)) return;
        found.push(
          reportAt({
            rule: 'installed-on-member',
            severity: 'error',
            source: chaincode.source,
            path: `installedOn.${i}`,
            message: `chaincode "${chaincode.name}" is installed on "${orgId}", which is not a member of channel "${channel.name}"`,
            hint: `Add "${orgId}" to the members of ${channel.source.file}, or remove it from installedOn.`,
          }),
        );
      });
    }
  }
  return found;
}
