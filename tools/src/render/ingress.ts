// Cross-member gRPC: one Ingress per peer and orderer, host from endpoints.ts, TLS passed through
// untouched by SNI (Fabric's mutual TLS must reach the node), restricted to the other members'
// declared egress ranges when every one of them declares some.
import type { Orderer, Peer } from '../model/types.ts';
import { ordererHost, peerHost } from '../model/endpoints.ts';
import { ordererResourceName, peerResourceName } from '../model/resource-names.ts';
import { compare, metaFor, type MemberContext } from './context.ts';
import { peerOrgIds } from './msp-config.ts';
import type { JsonObject, KubeObject } from './types.ts';

/**
 * Orgs whose nodes and clients dial this member's `component`. A peer is reached by its fellow
 * channel members; an orderer serves every channel of the ordering service, so it is reached by
 * every member of every channel (their peers pull blocks, their clients submit) and by the other
 * consenters (Raft), including members this org shares no channel with.
 */
export function sourceOrgIds(ctx: MemberContext, component: 'peer' | 'orderer'): string[] {
  if (component === 'peer') return peerOrgIds(ctx);
  const ids = new Set<string>(ctx.consenters.map((c) => c.org.id));
  for (const channel of ctx.allChannels) for (const id of channel.members) ids.add(id);
  return [...ids].sort(compare);
}

/**
 * Source ranges of the members that reach this member's `component`, or undefined when any of them
 * declares none (restricting would lock that member out).
 */
export function allowedSourceRanges(ctx: MemberContext, component: 'peer' | 'orderer'): string[] | undefined {
  const ranges = new Set<string>();
  for (const id of sourceOrgIds(ctx, component)) {
    if (id === ctx.org.id) continue;
    const org = ctx.orgsById.get(id);
    if (org === undefined || org.network.egressCidrs.length === 0) return undefined;
    for (const cidr of org.network.egressCidrs) ranges.add(cidr);
  }
  return ranges.size === 0 ? undefined : [...ranges].sort(compare);
}

function renderIngress(
  ctx: MemberContext,
  input: { readonly service: string; readonly host: string; readonly component: 'peer' | 'orderer' },
): KubeObject {
  const meta = metaFor(ctx, { objectName: input.service, name: `fabric-${input.component}`, component: 'ingress' });
  const annotations: JsonObject = {
    ...(meta['annotations'] as JsonObject),
    'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
    'nginx.ingress.kubernetes.io/backend-protocol': 'GRPCS',
  };
  const ranges = allowedSourceRanges(ctx, input.component);
  if (ranges !== undefined) annotations['nginx.ingress.kubernetes.io/whitelist-source-range'] = ranges.join(',');
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { ...meta, annotations },
    spec: {
      ingressClassName: ctx.org.cluster.ingress.className,
      rules: [
        {
          host: input.host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'ImplementationSpecific',
                backend: { service: { name: input.service, port: { name: 'grpc' } } },
              },
            ],
          },
        },
      ],
    },
  };
}

export function renderPeerIngress(ctx: MemberContext, peer: Peer): KubeObject {
  return renderIngress(ctx, {
    service: peerResourceName(ctx.org, peer),
    host: peerHost(ctx.org, peer),
    component: 'peer',
  });
}

export function renderOrdererIngress(ctx: MemberContext, orderer: Orderer): KubeObject {
  return renderIngress(ctx, {
    service: ordererResourceName(ctx.org, orderer),
    host: ordererHost(ctx.org, orderer),
    component: 'orderer',
  });
}
