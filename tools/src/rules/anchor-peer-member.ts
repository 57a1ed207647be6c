import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/** Anchor peers are published in a member org's channel config group: the org must be a member. */
export function checkAnchorPeerMember(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    const members = ctx.channelMembers.get(channel.name) ?? new Set(channel.members);
    channel.anchorPeers.forEach((anchor, i) => {
      if (members.has(anchor.org) || !ctx.orgsById.has(anchor.org)) return;
      found.push(
        reportAt({
          rule: 'anchor-peer-member',
          severity: 'error',
          source: channel.source,
          path: `anchorPeers.${i}.org`,
          message: `anchor peer org "${anchor.org}" is not a member of channel "${channel.name}"`,
          hint: `Add "${anchor.org}" to members, or remove its anchor peer.`,
        }),
      );
    });
  }
  return found;
}
