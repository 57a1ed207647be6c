// One member cluster end to end: read its state, plan, and either preview the plan with server
// dry runs or apply it under the member's Lease. Never throws: failures are part of the result,
// so one failing cluster never stops the others.
import type { KubeClient, KubeObject, RequestCounts } from '../adapters/kube.ts';
import { applyPlan, type ApplyProgress } from './apply.ts';
import { readClusterState } from './cluster-state.ts';
import { acquireLease, defaultLeaseSeconds, LeaseHeldError, type HeldLease } from './lease.ts';
import { KubeApiError } from '../adapters/kube.ts';
import { sameInventory } from './inventory.ts';
import { fieldManager, stampObject } from './ownership.ts';
import { hasChanges, planReconcile } from './plan.ts';
import { previewPlan } from './preview.ts';
import type { ApplyReport, Plan } from './types.ts';

export interface MemberTarget {
  readonly member: string;
  /** Ownership annotation value (`<consortium>/<org>`). */
  readonly owner: string;
  /** Namespace holding the inventory and Lease (the org's cluster.namespace). */
  readonly namespace: string;
  readonly desired: readonly KubeObject[];
  readonly kube: KubeClient;
}

export interface MemberOptions {
  readonly mode: 'plan' | 'apply';
  readonly forceConflicts?: boolean;
  readonly pruneVolumes?: boolean;
  readonly now: () => Date;
  /** Who holds the Lease: host, CI run, ... */
  readonly holder: string;
  readonly concurrency?: number;
  readonly onProgress?: (progress: ApplyProgress) => void;
}

export type MemberStatus = 'in-sync' | 'changes-pending' | 'applied' | 'failed' | 'locked';

export interface MemberResult {
  readonly member: string;
  readonly cluster: string;
  readonly status: MemberStatus;
  readonly plan?: Plan;
  readonly report?: ApplyReport;
  readonly error?: string;
  readonly requests: RequestCounts;
  readonly durationMs: number;
}

export async function reconcileMember(target: MemberTarget, options: MemberOptions): Promise<MemberResult> {
  const started = options.now().getTime();
  const before = target.kube.requestCounts();
  const finish = (rest: Omit<MemberResult, 'member' | 'cluster' | 'requests' | 'durationMs'>): MemberResult => ({
    member: target.member,
    cluster: target.kube.description,
    ...rest,
    requests: subtractCounts(target.kube.requestCounts(), before),
    durationMs: options.now().getTime() - started,
  });
  let plan: Plan | undefined;
  try {
    const first = await planMember(target, options);
    plan = first.plan;
    if (options.mode === 'plan') {
      const previewed = await previewPlan(first.plan, target.kube, {
        resolveType: first.resolveType,
        live: first.live,
        forceConflicts: options.forceConflicts === true,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      });
      // An object whose dry run failed (a conflict, an invalid or foreign object) makes the plan
      // incomplete: that is a failure to report, not merely a pending change.
      const unplanned = previewed.items.filter((item) => item.error !== undefined).length;
      if (unplanned > 0)
        return finish({
          status: 'failed',
          plan: previewed,
          error: `${unplanned} object(s) could not be planned; see the error beside each`,
        });
      return finish({ status: hasChanges(previewed) ? 'changes-pending' : 'in-sync', plan: previewed });
    }
    // A cluster already in sync is verified read-only: no Lease, no writes. An inventory that
    // lacks what is applied (deleted by hand) is recorded again, or later removals of those
    // objects could never be pruned.
    if (!hasChanges(first.plan) && sameInventory(first.plan.inventoryAfter, first.inventory))
      return finish({ status: 'in-sync', plan: first.plan });
    let lease: HeldLease;
    try {
      lease = await acquireMemberLease(target, options);
    } catch (error) {
      if (error instanceof LeaseHeldError) return finish({ status: 'locked', plan: first.plan, error: error.message });
      throw error;
    }
    let report: ApplyReport;
    // Renewed while the run lasts, so a long apply never loses the Lease; a crashed run's Lease
    // expires after defaultLeaseSeconds. Once it could have expired, or another holder took it,
    // another reconcile may be running: nothing more is written.
    const leaseGuard = guardLease(lease, options.now);
    const renewal = setInterval(() => void leaseGuard.renew(), (defaultLeaseSeconds * 1000) / 3);
    renewal.unref();
    try {
      // Re-read under the Lease: the state may have changed while we did not hold it.
      const fresh = await planMember(target, options);
      plan = fresh.plan;
      report = await applyPlan(fresh.plan, target.kube, {
        resolveType: fresh.resolveType,
        inventoryNamespace: target.namespace,
        storedInventory: fresh.inventory,
        forceConflicts: options.forceConflicts === true,
        stopReason: leaseGuard.lostReason,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      });
    } finally {
      clearInterval(renewal);
      await lease.release().catch(() => undefined); // an unreleased Lease expires on its own
    }
    return finish({
      status: report.ok ? 'applied' : 'failed',
      plan,
      report,
      ...(report.ok ? {} : { error: firstError(report) }),
    });
  } catch (error) {
    return finish({
      status: 'failed',
      ...(plan === undefined ? {} : { plan }),
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

async function planMember(target: MemberTarget, options: MemberOptions) {
  const state = await readClusterState(target.kube, target);
  const plan = planReconcile({
    member: target.member,
    owner: target.owner,
    desired: target.desired,
    live: state.live,
    inventory: state.inventory,
    pruneVolumes: options.pruneVolumes === true,
    ...(state.incompleteView === undefined ? {} : { incompleteView: state.incompleteView }),
  });
  return { plan, resolveType: state.resolveType, live: state.live, inventory: state.inventory };
}

async function acquireMemberLease(target: MemberTarget, options: MemberOptions): Promise<HeldLease> {
  const leaseOptions = { namespace: target.namespace, holder: options.holder, now: options.now };
  try {
    return await acquireLease(target.kube, leaseOptions);
  } catch (error) {
    if (!(error instanceof KubeApiError) || error.status !== 404) throw error;
    // First reconcile of a member: its namespace (where the Lease lives) does not exist yet.
    const namespace = target.desired.find((o) => o.kind === 'Namespace' && o.metadata.name === target.namespace);
    if (namespace === undefined) throw new Error(`namespace ${target.namespace} does not exist and is not rendered`);
    const type = { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false };
    await target.kube.apply(stampObject(namespace, { member: target.member, owner: target.owner }).object, {
      type,
      fieldManager,
      force: false,
      dryRun: false,
    });
    return acquireLease(target.kube, leaseOptions);
  }
}

/** Renews a held Lease and tells whether it may have been lost. */
export function guardLease(
  lease: HeldLease,
  now: () => Date,
  durationSeconds = defaultLeaseSeconds,
): { renew: () => Promise<void>; lostReason: () => string | undefined } {
  let renewedAt = now().getTime();
  let lost: string | undefined;
  return {
    renew: async () => {
      if (lost !== undefined) return;
      try {
        await lease.renew();
        renewedAt = now().getTime();
      } catch (error) {
        // 409: someone replaced it (took it over); 404: someone deleted it. Either way it is gone.
        if (error instanceof KubeApiError && (error.status === 409 || error.status === 404))
          lost = `the lease was lost (${error.message}); another reconcile may be running, stopped`;
      }
    },
    lostReason: () => {
      if (lost !== undefined) return lost;
      if (now().getTime() - renewedAt >= durationSeconds * 1000)
        return `the lease could not be renewed for ${durationSeconds}s and may have been taken by another reconcile; stopped`;
      return undefined;
    },
  };
}

function firstError(report: ApplyReport): string {
  const failed = report.results.filter((r) => r.outcome === 'failed');
  const skipped = report.results.filter((r) => r.outcome === 'skipped').length;
  const head = failed[0]?.error ?? report.results.find((r) => r.outcome === 'skipped')?.error ?? 'apply failed';
  return `${failed.length} failed, ${skipped} not attempted; first: ${head}`;
}

export function subtractCounts(after: RequestCounts, before: RequestCounts): RequestCounts {
  const byVerb: Record<string, number> = {};
  for (const [verb, n] of Object.entries(after.byVerb)) {
    const d = n - (before.byVerb[verb] ?? 0);
    if (d !== 0) byVerb[verb] = d;
  }
  return {
    total: after.total - before.total,
    writes: after.writes - before.writes,
    dryRuns: after.dryRuns - before.dryRuns,
    byVerb,
  };
}
