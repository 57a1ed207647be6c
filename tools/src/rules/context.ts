// What every rule receives: the loaded model, the clock (passed in, so rules stay pure and tests can
// pin time), and indexes built once so no rule has to scan the model for lookups.
import type { Channel, ConsortiumModel, Organization, RepoFile } from '../model/types.ts';
import { closestName } from '../model/closest-name.ts';
import { createCertificateStore, type CertificateStore } from './certificate-store.ts';

export interface RuleContext {
  readonly model: ConsortiumModel;
  readonly now: Date;
  /** First org with each id (duplicates are reported by unique-org-id). */
  readonly orgsById: ReadonlyMap<string, Organization>;
  /** First org with each MSP ID. */
  readonly orgsByMspId: ReadonlyMap<string, Organization>;
  readonly filesByPath: ReadonlyMap<string, RepoFile>;
  /**
   * Org ids with an orgs/<id>/org.yaml that the loader could not load (its diagnostics say why).
   * References to them are not reported again as unresolved: one mistake, one finding.
   */
  readonly unloadedOrgIds: ReadonlySet<string>;
  /**
   * Per channel name: its members as the other rules should see them. A listed id that is no org
   * but is one typo away from one (channel-member-exists reports it, naming that org) stands for
   * that org here, so the typo is one finding instead of one more for each of the org's anchor
   * peers, installations and policy principals.
   */
  readonly channelMembers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Per channel name: the MSP IDs of its members (as in channelMembers) that resolve to an org. */
  readonly channelMspIds: ReadonlyMap<string, ReadonlySet<string>>;
  /** Parsed certificates, shared by the certificate rules (each PEM parsed once). */
  readonly certificates: CertificateStore;
}

export function createRuleContext(options: { model: ConsortiumModel; now: Date }): RuleContext {
  const { model, now } = options;
  const orgsById = new Map<string, Organization>();
  const orgsByMspId = new Map<string, Organization>();
  for (const org of model.orgs) {
    if (!orgsById.has(org.id)) orgsById.set(org.id, org);
    if (!orgsByMspId.has(org.mspId)) orgsByMspId.set(org.mspId, org);
  }
  const filesByPath = new Map<string, RepoFile>();
  for (const file of model.files) filesByPath.set(file.path, file);
  const unloadedOrgIds = new Set<string>();
  for (const file of model.files) {
    const match = /^orgs\/([^/]+)\/org\.yaml$/.exec(file.path);
    if (match?.[1] !== undefined && !orgsById.has(match[1])) unloadedOrgIds.add(match[1]);
  }
  const channelMembers = new Map<string, ReadonlySet<string>>();
  const channelMspIds = new Map<string, ReadonlySet<string>>();
  for (const channel of model.channels) {
    const members = presumedMembers(channel, orgsById, unloadedOrgIds);
    channelMembers.set(channel.name, members);
    channelMspIds.set(channel.name, memberMspIds(members, orgsById));
  }
  return {
    model,
    now,
    orgsById,
    orgsByMspId,
    filesByPath,
    unloadedOrgIds,
    channelMembers,
    channelMspIds,
    certificates: createCertificateStore(filesByPath),
  };
}

/** The closest org id to a member id that is no org, if one is close enough to be its typo. */
export function intendedMember(
  channel: Channel,
  member: string,
  orgsById: ReadonlyMap<string, Organization>,
): string | undefined {
  const listed = new Set(channel.members);
  return closestName(
    member,
    [...orgsById.keys()].filter((id) => !listed.has(id)),
  );
}

function presumedMembers(
  channel: Channel,
  orgsById: ReadonlyMap<string, Organization>,
  unloadedOrgIds: ReadonlySet<string>,
): ReadonlySet<string> {
  const members = new Set(channel.members);
  for (const member of channel.members) {
    if (orgsById.has(member) || unloadedOrgIds.has(member)) continue;
    const intended = intendedMember(channel, member, orgsById);
    if (intended !== undefined) members.add(intended);
  }
  return members;
}

function memberMspIds(members: ReadonlySet<string>, orgsById: ReadonlyMap<string, Organization>): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const member of members) {
    const org = orgsById.get(member);
    if (org !== undefined) ids.add(org.mspId);
  }
  return ids;
}
