// Cross-member gRPC through Gateway API (cluster.ingress.kind `gateway`, the default): one Gateway
// per member with a TLS listener in Passthrough mode on 443 for `*.<ingress domain>`, and one
// TLSRoute per peer and orderer sending its host (by SNI) to the node's Service. TLS is never
// terminated on the way, so Fabric's mutual TLS stays end to end. gateway.networking.k8s.io/v1:
// Gateway and TLSRoute are both in the Standard channel of Gateway API v1.5 and later (the pinned
// release is test/node/versions.env GATEWAY_API_VERSION; Traefik v3.6 on the test node reads the
// same routes as v1alpha2, served by that release's experimental TLSRoute CRD).
import type { Orderer, Peer } from '../model/types.ts';
import { INGRESS_PORT, ordererHost, peerHost } from '../model/endpoints.ts';
import { ordererResourceName, peerResourceName } from '../model/resource-names.ts';
import { metaFor, type MemberContext } from './context.ts';
import { PORTS } from './ports.ts';
import { memberSourceRanges, SOURCE_RANGES_ANNOTATION } from './source-ranges.ts';
import type { JsonObject, KubeObject } from './types.ts';

export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';
export const GATEWAY_NAME = 'fabric-gateway';
export const GATEWAY_LISTENER = 'fabric-tls';
/**
 * The Kubernetes Service annotation cloud load balancers read as loadBalancerSourceRanges. A
 * Gateway implementation that provisions a Service per Gateway copies `spec.infrastructure`
 * annotations onto it, so the ranges are enforced by the load balancer itself.
 */
export const LOAD_BALANCER_SOURCE_RANGES = 'service.beta.kubernetes.io/load-balancer-source-ranges';

export function renderGateway(ctx: MemberContext): KubeObject {
  const meta = metaFor(ctx, { objectName: GATEWAY_NAME, name: 'fabric-gateway', component: 'ingress' });
  const ranges = memberSourceRanges(ctx);
  const spec: JsonObject = {
    gatewayClassName: ctx.org.cluster.ingress.className,
    listeners: [
      {
        name: GATEWAY_LISTENER,
        hostname: `*.${ctx.org.cluster.ingress.domain}`,
        port: INGRESS_PORT,
        protocol: 'TLS',
        tls: { mode: 'Passthrough' },
        allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ kind: 'TLSRoute' }] },
      },
    ],
  };
  if (ranges !== undefined)
    spec['infrastructure'] = { annotations: { [LOAD_BALANCER_SOURCE_RANGES]: ranges.join(',') } };
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata:
      ranges === undefined
        ? meta
        : {
            ...meta,
            annotations: { ...(meta['annotations'] as JsonObject), [SOURCE_RANGES_ANNOTATION]: ranges.join(',') },
          },
    spec,
  };
}

function renderTlsRoute(
  ctx: MemberContext,
  input: {
    readonly service: string;
    readonly host: string;
    readonly port: number;
    readonly component: 'peer' | 'orderer';
  },
): KubeObject {
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'TLSRoute',
    metadata: metaFor(ctx, { objectName: input.service, name: `fabric-${input.component}`, component: 'ingress' }),
    spec: {
      parentRefs: [{ name: GATEWAY_NAME, sectionName: GATEWAY_LISTENER }],
      hostnames: [input.host],
      rules: [{ backendRefs: [{ name: input.service, port: input.port }] }],
    },
  };
}

export function renderPeerTlsRoute(ctx: MemberContext, peer: Peer): KubeObject {
  return renderTlsRoute(ctx, {
    service: peerResourceName(ctx.org, peer),
    host: peerHost(ctx.org, peer),
    port: PORTS.peer,
    component: 'peer',
  });
}

export function renderOrdererTlsRoute(ctx: MemberContext, orderer: Orderer): KubeObject {
  return renderTlsRoute(ctx, {
    service: ordererResourceName(ctx.org, orderer),
    host: ordererHost(ctx.org, orderer),
    port: PORTS.orderer,
    component: 'orderer',
  });
}
