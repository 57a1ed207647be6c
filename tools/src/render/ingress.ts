// Cross-member gRPC with ingress-nginx (cluster.ingress.kind `ingress-nginx`; ingress-nginx is
// retired, Gateway API is the default, gateway.ts): one Ingress per peer and orderer, host from
// endpoints.ts, TLS passed through untouched by SNI (Fabric's mutual TLS must reach the node). The
// allowed source ranges are only an annotation here: ingress-nginx applies whitelist-source-range
// in its HTTP layer, which passthrough connections bypass, so they must be enforced at the load
// balancer (docs/render.md "Network").
import type { Orderer, Peer } from '../model/types.ts';
import { ordererHost, peerHost } from '../model/endpoints.ts';
import { ordererResourceName, peerResourceName } from '../model/resource-names.ts';
import { metaFor, type MemberContext } from './context.ts';
import { allowedSourceRanges, SOURCE_RANGES_ANNOTATION } from './source-ranges.ts';
import type { JsonObject, KubeObject } from './types.ts';

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
  if (ranges !== undefined) annotations[SOURCE_RANGES_ANNOTATION] = ranges.join(',');
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
