// What a member's render reads of the repository (docs/render.md, "Member-scoped render"): the
// consortium, the member, its channels with their chaincodes, and of everything else only what its
// manifests reference. Decided from the consortium, the member's org.yaml and every channel.yaml
// (which channels it belongs to cannot be known without them); load-member-scope.ts reads the rest.
// The renderers read the model through render/context.ts, which refuses a path outside the scope,
// so a renderer that starts to reference more fails loudly instead of rendering less.
import type { Consortium, MemberScope, Organization } from './types.ts';
import { compareStrings } from './build-domain.ts';
import { isLedgerFile } from './repository-layout.ts';

export interface MemberScopeInput {
  /** The members to render. */
  readonly members: readonly Organization[];
  readonly consortium: Consortium;
  /** Every channel of the revision: its name and members, as channel.yaml lists them. */
  readonly channels: readonly { readonly name: string; readonly members: readonly string[] }[];
  /** Channels with committed updates (files under channels/<ch>/updates/). */
  readonly channelsWithUpdates: ReadonlySet<string>;
}

export function decideMemberScope(input: MemberScopeInput): MemberScope {
  const members = new Set(input.members.map((org) => org.id));
  const memberChannels = new Set<string>();
  // Each member's own folder, the TLS CAs and nodes of fellow channel members (TLS roots, connection
  // profile, chaincode Jobs' endorsers) and the consenters' orgs (orderer endpoints and TLS CAs).
  const fullOrgs = new Set<string>(members);
  for (const consenter of input.consortium.ordering.consenters) fullOrgs.add(consenter.org);
  for (const channel of input.channels) {
    if (!channel.members.some((id) => members.has(id))) continue;
    memberChannels.add(channel.name);
    for (const id of channel.members) fullOrgs.add(id);
  }
  // An orderer serves every channel of the one ordering service: a member with orderers joins them
  // all (join Jobs, block 0 of each) and admits every channel member's egress ranges.
  const runsOrderers = input.members.some((org) => org.orderers.length > 0);
  const otherChannels = new Set<string>();
  const rangeOrgs = new Set<string>();
  for (const channel of input.channels) {
    if (memberChannels.has(channel.name)) continue;
    // Committed updates are judged against the ledger config, whose members may differ from
    // channel.yaml (an org removed by the update signed it): every channel's updates are read.
    if (runsOrderers || input.channelsWithUpdates.has(channel.name)) otherChannels.add(channel.name);
    if (!runsOrderers) continue;
    for (const id of channel.members) if (!fullOrgs.has(id)) rangeOrgs.add(id);
  }
  const sorted = (set: ReadonlySet<string>) => [...set].sort(compareStrings);
  return {
    members: sorted(members),
    fullOrgs: sorted(fullOrgs),
    rangeOrgs: sorted(rangeOrgs),
    memberChannels: sorted(memberChannels),
    otherChannels: sorted(otherChannels),
    metaInfDirs: [],
  };
}

interface ScopeSets {
  readonly fullOrgs: ReadonlySet<string>;
  readonly rangeOrgs: ReadonlySet<string>;
  readonly memberChannels: ReadonlySet<string>;
  readonly otherChannels: ReadonlySet<string>;
}
const setsOf = new WeakMap<MemberScope, ScopeSets>();

function lookup(scope: MemberScope): ScopeSets {
  let sets = setsOf.get(scope);
  if (sets === undefined) {
    sets = {
      fullOrgs: new Set(scope.fullOrgs),
      rangeOrgs: new Set(scope.rangeOrgs),
      memberChannels: new Set(scope.memberChannels),
      otherChannels: new Set(scope.otherChannels),
    };
    setsOf.set(scope, sets);
  }
  return sets;
}

/** Whether a member-scoped load reads `path` (repository-relative). */
export function inMemberScope(scope: MemberScope, path: string): boolean {
  if (scope.metaInfDirs.some((dir) => path.startsWith(dir))) return true;
  const sets = lookup(scope);
  const slash = path.indexOf('/');
  const top = path.slice(0, slash);
  const next = path.indexOf('/', slash + 1);
  const folder = next < 0 ? '' : path.slice(slash + 1, next);
  switch (top) {
    case 'consortium':
      return path === 'consortium/consortium.yaml';
    case 'orgs':
      if (sets.fullOrgs.has(folder)) return true;
      return sets.rangeOrgs.has(folder) && path === `orgs/${folder}/org.yaml`;
    case 'channels':
      if (sets.memberChannels.has(folder)) return true;
      return sets.otherChannels.has(folder) && (path === `channels/${folder}/channel.yaml` || isLedgerFile(path));
    default:
      return false;
  }
}
