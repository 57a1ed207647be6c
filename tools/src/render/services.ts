// ClusterIP Services in front of each workload. Ports are named for their protocol so that meshes
// and ingress controllers pick the right handling (grpc for Fabric, http for operations).
import { metaFor, type MemberContext } from './context.ts';
import { selectorLabels, type Component } from './labels.ts';
import type { JsonObject, KubeObject } from './types.ts';

export interface ServicePort {
  readonly name: string;
  readonly port: number;
}

export function renderService(
  ctx: MemberContext,
  input: {
    readonly objectName: string;
    readonly appName: string;
    readonly instance: string;
    readonly component: Component;
    readonly ports: readonly ServicePort[];
    readonly channel?: string;
    readonly chaincode?: string;
  },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metaFor(ctx, {
      objectName: input.objectName,
      name: input.appName,
      instance: input.instance,
      component: input.component,
      ...(input.channel === undefined ? {} : { channel: input.channel }),
      ...(input.chaincode === undefined ? {} : { chaincode: input.chaincode }),
    }),
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels({ name: input.appName, instance: input.instance }),
      ports: input.ports.map((p): JsonObject => ({ name: p.name, port: p.port, targetPort: p.name, protocol: 'TCP' })),
    },
  };
}

export function containerPorts(ports: readonly ServicePort[]): JsonObject[] {
  return ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: 'TCP' }));
}

/** In-cluster DNS name of a Service of this member (resolves under any cluster domain). */
export function serviceHost(ctx: MemberContext, service: string): string {
  return `${service}.${ctx.namespace}.svc`;
}
