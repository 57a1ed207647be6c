// The IO half of reconcile: carry out a plan against one cluster and report, per object, what
// was and was not done. Order: Namespaces, then the inventory (so that anything created from
// here on is recorded before it exists), then every other object by rank, then deletions in
// reverse order, then the final inventory.
import { KubeApiError, type KubeClient, type ResourceType } from '../adapters/kube.ts';
import { classifyError, hideSecretValues, isDriftConflict, isImmutableError, isUnreachable } from './api-errors.ts';
import { inventoryConfigMap, sameInventory } from './inventory.ts';
import { applyRank, batchByRank, customResourceRank } from './ordering.ts';
import { fieldManager, ownerAnnotation, recreateAnnotation } from './ownership.ts';
import {
  describeRef,
  refKey,
  type ApplyReport,
  type Inventory,
  type ItemResult,
  type ObjectRef,
  type Plan,
  type PlanItem,
} from './types.ts';

export interface ApplyOptions {
  readonly resolveType: (ref: ObjectRef) => ResourceType | undefined;
  readonly inventoryNamespace: string;
  /** The inventory as currently stored in the cluster (writes are skipped when unchanged). */
  readonly storedInventory: Inventory;
  readonly forceConflicts?: boolean;
  /** Objects applied at once within one rank. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ApplyProgress) => void;
  /**
   * Why nothing more may be written (the Lease was lost: another reconcile may be running), or
   * undefined to go on. Checked before every write.
   */
  readonly stopReason?: () => string | undefined;
  /** Waits between checks while a recreated object disappears. Injected so tests need no clock. */
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface ApplyProgress {
  readonly member: string;
  readonly done: number;
  readonly failed: number;
  readonly total: number;
}

const configMapType: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true };

export async function applyPlan(plan: Plan, kube: KubeClient, options: ApplyOptions): Promise<ApplyReport> {
  const work = plan.items.filter((i) => i.action === 'create' || i.action === 'update');
  const deletes = plan.items.filter((i) => i.action === 'delete');
  const results = new Map<string, ItemResult>();
  const total = work.length + deletes.length;
  let unreachable: string | undefined;
  const record = (result: ItemResult): void => {
    results.set(refKey(result.ref), result);
    const failed = [...results.values()].filter((r) => r.outcome === 'failed').length;
    options.onProgress?.({ member: plan.member, done: results.size, failed, total });
  };
  const stopped = (): string | undefined => {
    const reason = options.stopReason?.();
    if (reason !== undefined) unreachable ??= reason;
    return unreachable;
  };
  const runOne = async (item: PlanItem, op: (item: PlanItem) => Promise<ItemResult>): Promise<void> => {
    if (stopped() !== undefined) {
      record({ ref: item.ref, action: item.action, outcome: 'skipped', error: `not attempted: ${unreachable}` });
      return;
    }
    const result = await op(item);
    if (result.errorKind === 'unreachable') unreachable ??= `cluster unreachable (${result.error ?? ''})`;
    record(result);
  };
  const runBatch = async (batch: readonly PlanItem[], op: (item: PlanItem) => Promise<ItemResult>): Promise<void> => {
    await forEachLimited(batch, options.concurrency ?? 8, (item) => runOne(item, op));
  };
  const applyOp = (item: PlanItem) => applyItem(item, kube, options);

  let inventoryWritten = false;
  let stored = options.storedInventory;
  const writeInventory = async (inventory: Inventory): Promise<void> => {
    if (stopped() !== undefined || sameInventory(inventory, stored)) return;
    try {
      await kube.apply(inventoryConfigMap(inventory, options.inventoryNamespace), {
        type: configMapType,
        fieldManager,
        force: true,
        dryRun: false,
      });
      stored = inventory;
      inventoryWritten = true;
    } catch (error) {
      // Without a recorded inventory nothing further may be created: it could never be pruned.
      const c = classifyError(error);
      if (c.kind === 'unreachable') unreachable ??= `cluster unreachable (${c.message})`;
      else unreachable ??= `inventory could not be written (${c.message})`;
    }
  };

  const namespaces = work.filter((i) => applyRank(i.ref.kind) === 0);
  await runBatch(namespaces, applyOp);
  await writeInventory(plan.inventoryDuringApply);
  for (const batch of batchByRank(work.filter((i) => applyRank(i.ref.kind) !== 0))) await runBatch(batch, applyOp);
  for (const batch of batchByRank(deletes)) await runBatch(batch, (item) => deleteItem(item, kube, options));

  const deleted = new Set(
    [...results.values()].filter((r) => r.action === 'delete' && r.outcome === 'deleted').map((r) => refKey(r.ref)),
  );
  // Failed deletes stay in the inventory and are tried again next time.
  const finalInventory: Inventory = {
    member: plan.member,
    entries: plan.inventoryDuringApply.entries.filter((e) => !deleted.has(refKey(e))),
  };
  await writeInventory(finalInventory);

  const ordered: ItemResult[] = plan.items.map(
    (item) =>
      results.get(refKey(item.ref)) ?? {
        ref: item.ref,
        action: item.action,
        outcome: item.action === 'unchanged' ? 'unchanged' : item.action === 'retain' ? 'retained' : 'skipped',
      },
  );
  const ok =
    ordered.every((r) => r.outcome !== 'failed' && r.outcome !== 'skipped') &&
    !(unreachable !== undefined && !sameInventory(finalInventory, stored));
  return { member: plan.member, ok, results: ordered, inventoryWritten };
}

async function applyItem(item: PlanItem, kube: KubeClient, options: ApplyOptions): Promise<ItemResult> {
  // Found while planning (an object another owner annotated as theirs): never applied.
  if (item.error !== undefined)
    return { ref: item.ref, action: item.action, outcome: 'failed', errorKind: 'conflict', error: item.error };
  const type = options.resolveType(item.ref);
  if (type === undefined || item.desired === undefined) {
    return {
      ref: item.ref,
      action: item.action,
      outcome: 'failed',
      errorKind: 'invalid',
      error: `the cluster does not serve ${item.ref.apiVersion} ${item.ref.kind}`,
    };
  }
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const applyOnce = async (force: boolean) => {
    // A custom resource whose CRD was created moments ago is not served until the CRD is
    // established: wait for it (briefly) instead of failing the run.
    for (let attempt = 0; ; attempt++) {
      try {
        return await kube.apply(item.desired!, { type, fieldManager, force, dryRun: false });
      } catch (error) {
        const notServed =
          error instanceof KubeApiError && error.status === 404 && applyRank(item.ref.kind) === customResourceRank;
        if (!notServed || attempt >= 40) throw error;
        await sleep(250);
      }
    }
  };
  try {
    // Not seen by the label-selected LIST, yet maybe there: an apply would merge into (take over)
    // an object somebody else made. An existing Namespace is adopted (it is never pruned unless
    // asked to); anything else must already carry our ownership annotation.
    if (item.action === 'create' && item.ref.kind !== 'Namespace') {
      const { namespace, name } = item.ref;
      const existing = await kube.get({ type, ...(namespace === undefined ? {} : { namespace }), name });
      const owner = item.desired.metadata.annotations?.[ownerAnnotation];
      const theirs = existing?.metadata.annotations?.[ownerAnnotation];
      if (existing !== undefined && theirs !== owner) {
        return {
          ref: item.ref,
          action: item.action,
          outcome: 'failed',
          errorKind: 'conflict',
          error: `${describeRef(item.ref)}: exists and was not created by ${owner ?? fieldManager}${theirs === undefined ? '' : ` (owner: ${theirs})`}; not overwritten`,
          hint: `rename the rendered object, or delete the existing one (or annotate it ${ownerAnnotation}: ${owner ?? ''} to adopt it)`,
        };
      }
    }
    try {
      await applyOnce(options.forceConflicts === true);
    } catch (error) {
      if (!isDriftConflict(error, item.outOfBandManagers)) throw error;
      await applyOnce(true);
    }
    return { ref: item.ref, action: item.action, outcome: 'applied' };
  } catch (error) {
    if (isImmutableError(error) && item.desired.metadata.annotations?.[recreateAnnotation] === 'true') {
      return recreate(item, kube, type, () => applyOnce(true), options);
    }
    return failure(item, error);
  }
}

/** Deletes the live object the plan saw: the UID precondition spares one replaced in the meantime. */
async function deleteLive(item: PlanItem, kube: KubeClient, type: ResourceType): Promise<void> {
  const { namespace, name } = item.ref;
  await kube.delete({
    type,
    ...(namespace === undefined ? {} : { namespace }),
    name,
    propagationPolicy: 'Background',
    ...(item.liveUid === undefined ? {} : { uid: item.liveUid }),
  });
}

async function recreate(
  item: PlanItem,
  kube: KubeClient,
  type: ResourceType,
  applyOnce: () => Promise<unknown>,
  options: ApplyOptions,
): Promise<ItemResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { namespace, name } = item.ref;
  try {
    await deleteLive(item, kube, type);
    for (let i = 0; i < 150; i++) {
      const live = await kube.get({ type, ...(namespace === undefined ? {} : { namespace }), name });
      if (live === undefined || live.metadata.uid !== item.liveUid) break;
      await sleep(200);
    }
    await applyOnce();
    return { ref: item.ref, action: item.action, outcome: 'recreated' };
  } catch (error) {
    return failure(item, error);
  }
}

async function deleteItem(item: PlanItem, kube: KubeClient, options: ApplyOptions): Promise<ItemResult> {
  const type = options.resolveType(item.ref);
  if (type === undefined)
    return { ref: item.ref, action: 'delete', outcome: 'failed', error: `the cluster does not serve ${item.ref.kind}` };
  try {
    await deleteLive(item, kube, type);
    return { ref: item.ref, action: 'delete', outcome: 'deleted' };
  } catch (error) {
    return failure(item, error);
  }
}

function failure(item: PlanItem, error: unknown): ItemResult {
  const c = classifyError(error);
  return {
    ref: item.ref,
    action: item.action,
    outcome: 'failed',
    errorKind: isUnreachable(error) ? 'unreachable' : c.kind,
    error: `${describeRef(item.ref)}: ${hideSecretValues(item.ref.kind, c.message)}`,
    ...(c.conflicts === undefined ? {} : { conflicts: c.conflicts }),
    ...(c.hint === undefined ? {} : { hint: c.hint }),
  };
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}
