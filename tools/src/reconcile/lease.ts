// One reconcile per member cluster at a time: a coordination.k8s.io/v1 Lease in the member's
// namespace, taken with a create (atomic), taken over only once expired, released at the end.
import { KubeApiError, type KubeClient, type KubeObject, type ResourceType } from '../adapters/kube.ts';
import { leaseName } from './ownership.ts';

export const defaultLeaseSeconds = 300;

export const leaseType: ResourceType = {
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  resource: 'leases',
  namespaced: true,
};

export interface LeaseOptions {
  readonly namespace: string;
  readonly holder: string;
  readonly now: () => Date;
  readonly durationSeconds?: number;
}

export class LeaseHeldError extends Error {
  override readonly name = 'LeaseHeldError';
  readonly holder: string;
  constructor(holder: string, since: string) {
    super(
      `another reconcile holds the lease ${leaseName} (holder ${holder}, since ${since}); try again when it has finished`,
    );
    this.holder = holder;
  }
}

export interface HeldLease {
  /** Extends the Lease; long runs call it periodically so that it never expires under them. */
  renew(): Promise<void>;
  release(): Promise<void>;
}

function microTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function leaseObject(options: LeaseOptions, extra: { resourceVersion?: string } = {}): KubeObject {
  const now = microTime(options.now());
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: leaseName, namespace: options.namespace, ...extra },
    spec: {
      holderIdentity: options.holder,
      leaseDurationSeconds: options.durationSeconds ?? defaultLeaseSeconds,
      acquireTime: now,
      renewTime: now,
    },
  };
}

export async function acquireLease(kube: KubeClient, options: LeaseOptions): Promise<HeldLease> {
  let held: KubeObject;
  try {
    held = await kube.create(leaseObject(options), { type: leaseType });
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.status !== 409) throw error;
    const current = await kube.get({ type: leaseType, namespace: options.namespace, name: leaseName });
    if (current === undefined) return acquireLease(kube, options);
    const spec = (current['spec'] ?? {}) as {
      holderIdentity?: string;
      renewTime?: string;
      acquireTime?: string;
      leaseDurationSeconds?: number;
    };
    const renewed = Date.parse(spec.renewTime ?? spec.acquireTime ?? '');
    const expiresAt = renewed + (spec.leaseDurationSeconds ?? 0) * 1000;
    // Its own Lease (left by a run of this holder that could not release it) is retaken at once.
    const own = spec.holderIdentity === options.holder;
    if (!own && Number.isFinite(renewed) && expiresAt > options.now().getTime()) {
      throw new LeaseHeldError(spec.holderIdentity ?? 'unknown', spec.acquireTime ?? 'unknown');
    }
    // Expired: take it over, guarded by resourceVersion so two takers cannot both win.
    const rv = current.metadata.resourceVersion;
    try {
      held = await kube.replace(leaseObject(options, rv === undefined ? {} : { resourceVersion: rv }), {
        type: leaseType,
      });
    } catch (takeover) {
      if (takeover instanceof KubeApiError && takeover.status === 409)
        throw new LeaseHeldError(spec.holderIdentity ?? 'unknown', 'just now');
      throw takeover;
    }
  }
  const uid = held.metadata.uid;
  return {
    renew: async () => {
      const spec = held['spec'] as Record<string, unknown>;
      const rv = held.metadata.resourceVersion;
      try {
        held = await kube.replace(
          {
            ...held,
            metadata: { ...held.metadata, ...(rv === undefined ? {} : { resourceVersion: rv }) },
            spec: { ...spec, renewTime: microTime(options.now()) },
          },
          { type: leaseType },
        );
      } catch (error) {
        if (!(error instanceof KubeApiError) || error.status !== 409) throw error;
        // A retried PUT whose first attempt went through answers 409 too: still ours if we hold it.
        const current = await kube.get({ type: leaseType, namespace: options.namespace, name: leaseName });
        const holder = (current?.['spec'] as { holderIdentity?: string } | undefined)?.holderIdentity;
        if (current === undefined || current.metadata.uid !== uid || holder !== options.holder) throw error;
        held = current;
      }
    },
    release: async () => {
      await kube.delete({
        type: leaseType,
        namespace: options.namespace,
        name: leaseName,
        propagationPolicy: 'Background',
        ...(uid === undefined ? {} : { uid }),
      });
    },
  };
}
