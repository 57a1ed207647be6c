// `channel add-member`: the edit a person would make to channels/<name>/channel.yaml — the org
// appended to `members` and its first peer appended to `anchorPeers` (other members' peers need an
// anchor to gossip with it). Nothing else in the file changes.
import type { ConsortiumModel } from '../model/types.ts';
import { FindingsError } from '../errors.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { findChannel, findOrg, openForEdit } from './model-files.ts';
import { appendToSequence, printEditableYaml } from './yaml-edit.ts';

export interface ChannelAddMemberPlan {
  readonly changes: FileChanges;
  readonly anchorPeer: string | undefined;
}

export function planChannelAddMember(
  model: ConsortiumModel,
  options: { channel: string; org: string },
): ChannelAddMemberPlan {
  const channel = findChannel(model, options.channel);
  const org = findOrg(model, options.org);
  if (channel.members.includes(org.id)) {
    throw new FindingsError(
      `${org.id} is already a member of channel ${channel.name} (${channel.source.file}); nothing to propose`,
    );
  }
  const file = openForEdit(model, channel.source.file);
  appendToSequence(file, ['members'], org.id);
  const anchorPeer = org.peers[0]?.name;
  const hasAnchor = channel.anchorPeers.some((a) => a.org === org.id);
  if (anchorPeer !== undefined && !hasAnchor)
    appendToSequence(file, ['anchorPeers'], { org: org.id, peer: anchorPeer });
  return {
    changes: createFileChanges([[channel.source.file, printEditableYaml(file)]]),
    anchorPeer: hasAnchor ? undefined : anchorPeer,
  };
}
