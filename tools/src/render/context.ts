// Everything one member's manifests are derived from, resolved once: the consortium (channels,
// orgs, the Raft consenters of the shared ordering service), then the member and its channels. Lists are sorted
// here so that no renderer depends on the order of the input files.
import type { Channel, Chaincode, Consortium, ConsortiumModel, Orderer, Organization } from '../model/types.ts';
import { InternalError } from '../errors.ts';
import { inMemberScope } from '../model/member-scope.ts';
import { objectMeta, type Component } from './labels.ts';
import type { JsonObject } from './types.ts';

export interface ConsenterRef {
  readonly org: Organization;
  readonly orderer: Orderer;
}

/** What every member's render shares: the consortium, resolved and sorted once. */
export interface ConsortiumContext {
  readonly consortium: Consortium;
  readonly orgsById: ReadonlyMap<string, Organization>;
  /** Every channel of the consortium (all are ordered by the same consenters), sorted by name. */
  readonly allChannels: readonly Channel[];
  /** All consenters of the ordering service, sorted by org id then orderer name. */
  readonly consenters: readonly ConsenterRef[];
  /** Text of a repository file (public certificates), or undefined when absent or binary. */
  readonly fileText: (path: string) => string | undefined;
  /** Bytes of a channel's ledger file (genesis.block), or undefined when absent. */
  readonly fileBytes: (path: string) => Uint8Array | undefined;
}

export interface MemberContext extends ConsortiumContext {
  readonly org: Organization;
  readonly namespace: string;
  /** Channels this org is a member of, sorted by name, with members and chaincodes sorted. */
  readonly channels: readonly Channel[];
  /** This org's orderers that are Raft consenters, sorted by name. */
  readonly ownConsenters: readonly Orderer[];
  /** Chaincodes of this org's channels that run on this org's peers. */
  readonly installedChaincodes: readonly Chaincode[];
}

const byName = <T extends { readonly name: string }>(a: T, b: T): number => compare(a.name, b.name);

/** Code-unit order: locale-independent, so output is the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function normalizeChannel(channel: Channel): Channel {
  return {
    ...channel,
    members: [...channel.members].sort(compare),
    anchorPeers: [...channel.anchorPeers].sort((a, b) => compare(a.org, b.org) || compare(a.peer, b.peer)),
    chaincodes: [...channel.chaincodes]
      .map((cc) => ({ ...cc, installedOn: [...cc.installedOn].sort(compare) }))
      .sort(byName),
  };
}

export function normalizeOrg(org: Organization): Organization {
  return {
    ...org,
    peers: [...org.peers].sort(byName),
    orderers: [...org.orderers].sort(byName),
    network: { egressCidrs: [...org.network.egressCidrs].sort(compare) },
    msp: { ...org.msp, adminCerts: [...org.msp.adminCerts].sort(compare) },
  };
}

export function buildConsortiumContext(model: ConsortiumModel, consortium: Consortium): ConsortiumContext {
  const orgs = model.orgs.map(normalizeOrg).sort((a, b) => compare(a.id, b.id));
  const orgsById = new Map(orgs.map((org) => [org.id, org]));
  const allChannels = model.channels.map(normalizeChannel).sort(byName);
  const consenters: ConsenterRef[] = [];
  for (const ref of consortium.ordering.consenters) {
    const org = orgsById.get(ref.org);
    const orderer = org?.orderers.find((o) => o.name === ref.orderer);
    if (org === undefined || orderer === undefined) {
      throw new InternalError(`consenter ${ref.org}/${ref.orderer} does not exist; validation should have refused it`);
    }
    consenters.push({ org, orderer });
  }
  consenters.sort((a, b) => compare(a.org.id, b.org.id) || compare(a.orderer.name, b.orderer.name));
  const texts = new Map(model.files.map((f) => [f.path, f.text]));
  const bytes = new Map(model.files.flatMap((f) => (f.bytes === undefined ? [] : [[f.path, f.bytes] as const])));
  const scope = model.scope;
  // A member-scoped model has not read what lies outside its scope: such a path is a bug in the
  // scope (member-scope.ts), never a file that is absent.
  const checked = <T>(path: string, found: T | undefined): T | undefined => {
    if (found === undefined && scope !== undefined && !inMemberScope(scope, path))
      throw new InternalError(`render read ${path}, outside what a member-scoped load reads (member-scope.ts)`);
    return found;
  };
  return {
    consortium,
    orgsById,
    allChannels,
    consenters,
    fileText: (path) => checked(path, texts.get(path)),
    fileBytes: (path) => checked(path, bytes.get(path)),
  };
}

/** One member's context: only its own channels and chaincodes are looked at, whatever the consortium's size. */
export function buildMemberContext(shared: ConsortiumContext, org: Organization): MemberContext {
  const channels = shared.allChannels.filter((ch) => ch.members.includes(org.id));
  return {
    ...shared,
    org,
    namespace: org.cluster.namespace,
    channels,
    ownConsenters: shared.consenters.filter((c) => c.org.id === org.id).map((c) => c.orderer),
    installedChaincodes: channels.flatMap((ch) => ch.chaincodes.filter((cc) => cc.installedOn.includes(org.id))),
  };
}

/** Contexts of every member, sorted by org id. */
export function buildContexts(model: ConsortiumModel, consortium: Consortium): MemberContext[] {
  const shared = buildConsortiumContext(model, consortium);
  return [...shared.orgsById.values()].map((org) => buildMemberContext(shared, org));
}

/** metadata of an object of this member. */
export function metaFor(
  ctx: MemberContext,
  input: {
    readonly objectName: string;
    readonly name: string;
    readonly instance?: string;
    readonly component: Component;
    readonly channel?: string;
    readonly chaincode?: string;
  },
): JsonObject & { name: string } {
  return objectMeta({
    consortium: ctx.consortium.name,
    org: ctx.org.id,
    namespace: ctx.namespace,
    objectName: input.objectName,
    name: input.name,
    instance: input.instance ?? input.objectName,
    component: input.component,
    ...(input.channel === undefined ? {} : { channel: input.channel }),
    ...(input.chaincode === undefined ? {} : { chaincode: input.chaincode }),
  });
}

export function orgOf(ctx: MemberContext, id: string): Organization {
  const org = ctx.orgsById.get(id);
  if (org === undefined)
    throw new InternalError(`org ${id} is referenced but not defined; validation should have refused it`);
  return org;
}
