// Plan preview: a server-side dry run of each create and update, so the plan shows exactly
// what the API server would store (defaults, admission, conflicts, validation errors).
import { KubeApiError, type KubeClient, type KubeObject, type ResourceType } from '../adapters/kube.ts';
import { classifyError, hideSecretValues, isDriftConflict } from './api-errors.ts';
import { diffObjects } from './diff.ts';
import { fieldManager } from './ownership.ts';
import { refKey, type ObjectRef, type Plan, type PlanItem } from './types.ts';
import type { ApplyProgress } from './apply.ts';

export interface PreviewOptions {
  readonly resolveType: (ref: ObjectRef) => ResourceType | undefined;
  readonly live: readonly KubeObject[];
  readonly forceConflicts?: boolean;
  readonly concurrency?: number;
  /** Called after each object's dry run, as applyPlan reports its writes. */
  readonly onProgress?: (progress: ApplyProgress) => void;
}

export async function previewPlan(plan: Plan, kube: KubeClient, options: PreviewOptions): Promise<Plan> {
  const liveByKey = new Map(
    options.live.map((o) => [
      refKey(
        o.metadata.namespace === undefined
          ? { apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name }
          : { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name },
      ),
      o,
    ]),
  );
  const items = [...plan.items];
  const newNamespaces = new Set(
    plan.items.filter((i) => i.action === 'create' && i.ref.kind === 'Namespace').map((i) => i.ref.name),
  );
  let next = 0;
  const previewed = items.filter((i) => (i.action === 'create' || i.action === 'update') && i.desired !== undefined);
  let done = 0;
  let failed = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as PlanItem;
      if ((item.action !== 'create' && item.action !== 'update') || item.desired === undefined) continue;
      const result = await previewItem(item, kube, liveByKey.get(refKey(item.ref)), { ...options, newNamespaces });
      items[index] = result;
      done += 1;
      if (result.error !== undefined) failed += 1;
      options.onProgress?.({ member: plan.member, done, failed, total: previewed.length });
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { ...plan, items };
}

async function previewItem(
  item: PlanItem,
  kube: KubeClient,
  live: KubeObject | undefined,
  options: PreviewOptions & { readonly newNamespaces: ReadonlySet<string> },
): Promise<PlanItem> {
  const type = options.resolveType(item.ref);
  if (type === undefined)
    return { ...item, error: `the cluster does not serve ${item.ref.apiVersion} ${item.ref.kind}` };
  try {
    const dryRun = (force: boolean) => kube.apply(item.desired!, { type, fieldManager, force, dryRun: true });
    let result: KubeObject;
    try {
      result = await dryRun(options.forceConflicts === true);
    } catch (error) {
      if (!isDriftConflict(error, item.outOfBandManagers)) throw error;
      result = await dryRun(true);
    }
    return { ...item, diff: item.action === 'create' ? [] : diffObjects(live, result) };
  } catch (error) {
    // A dry run cannot create the namespace the object goes into; the real run creates it first.
    if (
      error instanceof KubeApiError &&
      error.status === 404 &&
      error.details?.kind === 'namespaces' &&
      options.newNamespaces.has(error.details.name ?? '')
    ) {
      return { ...item, diff: [] };
    }
    const c = classifyError(error);
    const message = hideSecretValues(item.ref.kind, c.message);
    return {
      ...item,
      error: c.hint === undefined ? message : `${message} (${c.hint})`,
      ...(c.conflicts === undefined ? {} : { conflicts: c.conflicts }),
    };
  }
}
