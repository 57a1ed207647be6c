// `org remove`: the org's folder goes, and so does every reference to it that a person would have
// to hunt down by hand — channel memberships, anchor peers, chaincode installedOn lists.
//
// Two cases are refused instead of handled:
// - The org runs a Raft consenter. Removing it here would change the ordering service's consenter
//   set in the same pull request as the membership change; Fabric changes consenters one at a time
//   and a wrong step loses quorum. Hand the consenter over first (an `ordering.update` pull request
//   that edits consortium/consortium.yaml), then remove the org.
// - The org is the last member of a channel. A channel without members cannot be governed by
//   anyone; removing the channel is a separate, explicit decision.
// Policies that name the org's MSP ID (endorsement policies, collections, governance rules) are not
// rewritten: how to re-balance a policy is the members' call. Validation of the result reports
// them, and the command is refused until they are changed.
import type { ConsortiumModel } from '../model/types.ts';
import { FindingsError } from '../errors.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { findOrg, openForEdit } from './model-files.ts';
import { printEditableYaml, removeFromSequence } from './yaml-edit.ts';

export interface OrgRemovePlan {
  readonly changes: FileChanges;
  /** Channels the org leaves. */
  readonly channels: readonly string[];
  /** Chaincodes (channel/name) that no longer run on the org's peers. */
  readonly chaincodes: readonly string[];
}

export function planOrgRemove(model: ConsortiumModel, options: { id: string }): OrgRemovePlan {
  const org = findOrg(model, options.id);
  const consenters = model.consortium?.ordering.consenters.filter((c) => c.org === org.id) ?? [];
  if (consenters.length > 0) {
    throw new FindingsError(
      `${org.id} runs Raft consenter ${consenters.map((c) => c.orderer).join(', ')} of the ordering service ` +
        `(${model.consortium?.source.file ?? 'consortium/consortium.yaml'}, ordering.consenters). ` +
        "Replace it with another member's orderer in its own pull request first (one consenter change at a time keeps the Raft quorum), then remove the org.",
    );
  }
  const lastMemberOf = model.channels
    .filter((c) => c.members.length === 1 && c.members[0] === org.id)
    .map((c) => c.name);
  if (lastMemberOf.length > 0) {
    throw new FindingsError(
      `${org.id} is the only member of channel ${lastMemberOf.join(', ')}; remove the channel first`,
    );
  }
  const writes: [string, string][] = [];
  const channels: string[] = [];
  const chaincodes: string[] = [];
  for (const channel of model.channels) {
    if (channel.members.includes(org.id) || channel.anchorPeers.some((a) => a.org === org.id)) {
      const file = openForEdit(model, channel.source.file);
      removeFromSequence(file, ['members'], (item) => item === org.id);
      removeFromSequence(file, ['anchorPeers'], (item) => isRecord(item) && item['org'] === org.id);
      writes.push([channel.source.file, printEditableYaml(file)]);
      channels.push(channel.name);
    }
    for (const cc of channel.chaincodes) {
      if (!cc.installedOn.includes(org.id)) continue;
      const file = openForEdit(model, cc.source.file);
      removeFromSequence(file, ['installedOn'], (item) => item === org.id);
      writes.push([cc.source.file, printEditableYaml(file)]);
      chaincodes.push(`${channel.name}/${cc.name}`);
    }
  }
  const folder = `orgs/${org.id}/`;
  const deletes = model.files.filter((f) => f.path.startsWith(folder)).map((f) => f.path);
  return { changes: createFileChanges(writes, deletes), channels, chaincodes };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
