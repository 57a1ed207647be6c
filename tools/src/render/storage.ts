// Persistent volumes are rendered as standalone PersistentVolumeClaims mounted by name, not as
// StatefulSet volumeClaimTemplates: a template is immutable once the StatefulSet exists, whereas a
// PVC's requested size can be raised in place (when the StorageClass allows expansion). So a size
// change in the model changes exactly one object, the PVC, and nothing else is recreated.
import type { MemberContext } from './context.ts';
import { metaFor } from './context.ts';
import type { Component } from './labels.ts';
import type { JsonObject, KubeObject } from './types.ts';

// Where volume sizes are compared (storage-shrink.ts); the parser is the model's.
export { parseQuantity } from '../model/quantity.ts';

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
