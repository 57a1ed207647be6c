// Persistent volumes are rendered as standalone PersistentVolumeClaims mounted by name, not as
// StatefulSet volumeClaimTemplates: a template is immutable once the StatefulSet exists, whereas a
// PVC's requested size can be raised in place (when the StorageClass allows expansion). So a size
// change in the model changes exactly one object, the PVC, and nothing else is recreated.
import type { MemberContext } from './context.ts';
import { metaFor } from './context.ts';
import type { Component } from './labels.ts';
import type { JsonObject, KubeObject } from './types.ts';

export function renderPvc(
  ctx: MemberContext,
  input: {
    readonly claimName: string;
    readonly workload: string;
    readonly appName: string;
    readonly component: Component;
    readonly size: string;
  },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: metaFor(ctx, {
      objectName: input.claimName,
      name: input.appName,
      instance: input.workload,
      component: input.component,
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: ctx.org.cluster.storageClass,
      resources: { requests: { storage: input.size } },
    },
  };
}

export function pvcVolume(volumeName: string, claimName: string): JsonObject {
  return { name: volumeName, persistentVolumeClaim: { claimName } };
}

const binarySuffixes: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimalSuffixes: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes of a Kubernetes quantity (`100Gi`, `5G`, `1e9`, `512Mi`); undefined when it is not one. */
export function parseQuantity(quantity: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(?:([KMGTPE]i|[kMGTPE]?)|[eE]([0-9]+))$/.exec(quantity.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  if (match[3] !== undefined) return value * 10 ** Number(match[3]);
  const suffix = match[2] ?? '';
  const factor = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  return factor === undefined ? undefined : value * factor;
}
