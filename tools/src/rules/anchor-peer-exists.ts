import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

export function checkAnchorPeerExists(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    channel.anchorPeers.forEach((anchor, i) => {
      const org = ctx.orgsById.get(anchor.org);
      if (org === undefined && ctx.unloadedOrgIds.has(anchor.org)) return;
      if (org === undefined) {
        found.push(
          reportAt({
            rule: 'anchor-peer-exists',
            severity: 'error',
            source: channel.source,
            path: `anchorPeers.${i}.org`,
            message: `anchor peer of channel "${channel.name}" names org "${anchor.org}", which does not exist`,
            hint: 'Use the id of an organization under orgs/.',
          }),
        );
      } else if (!org.peers.some((peer) => peer.name === anchor.peer)) {
        found.push(
          reportAt({
            rule: 'anchor-peer-exists',
            severity: 'error',
            source: channel.source,
            path: `anchorPeers.${i}.peer`,
            message: `anchor peer "${anchor.peer}" is not a peer of org "${org.id}" (it has: ${org.peers.map((p) => p.name).join(', ') || 'no peers'})`,
            hint: `Name one of the peers declared in ${org.source.file}.`,
          }),
        );
      }
    });
  }
  return found;
}
