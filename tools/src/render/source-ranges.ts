// Who may open connections to a member's published nodes, as address ranges. With TLS passthrough
// nothing above TCP sees the client (the Fabric node terminates TLS), so the ranges can only be
// enforced where connections arrive: the load balancer in front of the gateway
// (loadBalancerSourceRanges, or the cloud firewall) or a NetworkPolicy on the gateway's pods.
import { compare, type MemberContext } from './context.ts';
import { peerOrgIds } from './msp-config.ts';

export type PublishedComponent = 'peer' | 'orderer';

/**
 * Orgs whose nodes and clients dial this member's `component`, the member itself included (its
 * peers reach its own orderers at the channel configuration's external endpoints, and its
 * applications outside the cluster use the external names). A peer is reached by its fellow
 * channel members; an orderer serves every channel of the ordering service, so it is reached by
 * every member of every channel (their peers pull blocks, their clients submit) and by the other
 * consenters (Raft), including members this org shares no channel with.
 */
export function sourceOrgIds(ctx: MemberContext, component: PublishedComponent): string[] {
  if (component === 'peer') return peerOrgIds(ctx);
  const ids = new Set<string>([ctx.org.id, ...ctx.consenters.map((c) => c.org.id)]);
  for (const channel of ctx.allChannels) for (const id of channel.members) ids.add(id);
  return [...ids].sort(compare);
}

/**
 * The union of `network.egressCidrs` of every org that dials `component`, this member's own
 * included, or undefined when any of them declares none: a restriction would lock that org out.
 */
export function allowedSourceRanges(ctx: MemberContext, component: PublishedComponent): string[] | undefined {
  const ranges = new Set<string>();
  for (const id of sourceOrgIds(ctx, component)) {
    const org = ctx.orgsById.get(id);
    if (org === undefined || org.network.egressCidrs.length === 0) return undefined;
    for (const cidr of org.network.egressCidrs) ranges.add(cidr);
  }
  return ranges.size === 0 ? undefined : [...ranges].sort(compare);
}

/** Ranges allowed to reach any of the member's published nodes: the gateway carries them all. */
export function memberSourceRanges(ctx: MemberContext): string[] | undefined {
  const components: PublishedComponent[] = [
    ...(ctx.org.peers.length > 0 ? (['peer'] as const) : []),
    ...(ctx.org.orderers.length > 0 ? (['orderer'] as const) : []),
  ];
  const ranges = new Set<string>();
  for (const component of components) {
    const allowed = allowedSourceRanges(ctx, component);
    if (allowed === undefined) return undefined;
    for (const cidr of allowed) ranges.add(cidr);
  }
  return ranges.size === 0 ? undefined : [...ranges].sort(compare);
}

/** Informational annotation with the ranges, on the Gateway and on each Ingress. */
export const SOURCE_RANGES_ANNOTATION = 'fabric.consortium/source-ranges';
