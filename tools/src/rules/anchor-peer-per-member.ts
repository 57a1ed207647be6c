import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * Without an anchor peer, a member's peers are invisible to the other members' peers: no
 * cross-org gossip, and service discovery cannot route endorsements to it. Fabric allows it, so
 * this is a warning.
 */
export function checkAnchorPeerPerMember(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    const anchored = new Set(channel.anchorPeers.map((anchor) => anchor.org));
    channel.members.forEach((member, i) => {
      if (anchored.has(member) || !ctx.orgsById.has(member)) return;
      found.push(
        reportAt({
          rule: 'anchor-peer-per-member',
          severity: 'warning',
          source: channel.source,
          path: `members.${i}`,
          message: `member "${member}" of channel "${channel.name}" has no anchor peer, so other members' peers cannot discover its peers`,
          hint: `Add an entry { org: ${member}, peer: <one of its peers> } under anchorPeers.`,
        }),
      );
    });
  }
  return found;
}
