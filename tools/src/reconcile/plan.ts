// The pure half of reconcile: desired objects + what the cluster holds + the inventory -> what to
// do with each object. No IO; the dry-run diff is attached afterwards (preview.ts).
import type { KubeObject } from '../adapters/kube.ts';
import { detectDrift } from './managed-fields.ts';
import { compareForApply, compareForDelete } from './ordering.ts';
import { digestAnnotation, fieldManager, isOwnedBy, ownerAnnotation, stampObject } from './ownership.ts';
import { sortEntries } from './inventory.ts';
import {
  refKey,
  refOf,
  type Inventory,
  type InventoryEntry,
  type Plan,
  type PlanCounts,
  type PlanItem,
} from './types.ts';

export interface PlanInput {
  readonly member: string;
  /** Ownership annotation value (`<consortium>/<org>`). */
  readonly owner: string;
  /** Rendered objects of the member, as rendered (reconcile stamps ownership itself). */
  readonly desired: readonly KubeObject[];
  /** Live objects carrying the member's label, from one LIST per kind in use. */
  readonly live: readonly KubeObject[];
  readonly inventory: Inventory;
  readonly pruneVolumes?: boolean;
  /**
   * Why the cluster view is incomplete (discovery failed for a group in use, a kind is no longer
   * served): prune is then refused rather than deciding on a partial picture.
   */
  readonly incompleteView?: string;
}

/**
 * Kinds whose deletion takes data with it: never pruned by default. Deleting a Namespace deletes
 * everything in it, and deleting a CustomResourceDefinition deletes every object of its kind in
 * the cluster, also objects that are not ours.
 */
const protectedKinds = new Set(['Namespace', 'PersistentVolumeClaim', 'CustomResourceDefinition']);

export function planReconcile(input: PlanInput): Plan {
  const { member } = input;
  const who = { member, owner: input.owner };
  const liveByKey = new Map(input.live.map((o) => [refKey(refOf(o)), o]));
  const applyItems: PlanItem[] = [];
  const unchanged: PlanItem[] = [];
  const desiredKeys = new Set<string>();
  const desiredEntries: InventoryEntry[] = [];

  for (const rendered of input.desired) {
    const ref = refOf(rendered);
    const key = refKey(ref);
    if (desiredKeys.has(key))
      throw new Error(`rendered objects contain ${ref.kind} ${ref.namespace ?? ''}/${ref.name} twice`);
    desiredKeys.add(key);
    const { object, digest } = stampObject(rendered, who);
    const live = liveByKey.get(key);
    const foreignOwner = live?.metadata.annotations?.[ownerAnnotation];
    if (live !== undefined && foreignOwner !== undefined && foreignOwner !== who.owner) {
      // Annotated as someone else's: applying would take it over (and a later prune could delete
      // it). Reported as a failure, never applied, never recorded in our inventory.
      applyItems.push({
        ref,
        action: 'update',
        reasons: [`owned by ${foreignOwner}`],
        error: `${ref.kind} ${ref.namespace ?? ''}/${ref.name} is owned by ${foreignOwner}, not ${who.owner}; not applied (remove its ${ownerAnnotation} annotation to let ${who.owner} adopt it)`,
      });
      continue;
    }
    desiredEntries.push({ ...ref, digest });
    if (live === undefined) {
      applyItems.push({ ref, action: 'create', reasons: ['not in the cluster'], desired: object, digest });
      continue;
    }
    const reasons: string[] = [];
    if (!isOwnedBy(live, who)) reasons.push('not yet owned by this member');
    if (live.metadata.annotations?.[digestAnnotation] !== digest) reasons.push('content changed');
    if (!(live.metadata.managedFields ?? []).some((e) => e.manager === fieldManager && e.operation === 'Apply')) {
      reasons.push(`fields not applied by ${fieldManager}`);
    }
    const drift = detectDrift(object, live, fieldManager);
    if (drift.length > 0) reasons.push('drift');
    const uid = live.metadata.uid;
    const outOfBandManagers = [
      ...new Set(
        (live.metadata.managedFields ?? [])
          .filter((e) => e.operation === 'Update' && e.manager !== undefined && (e.subresource ?? '') === '')
          .map((e) => e.manager ?? ''),
      ),
    ].sort();
    const base = {
      ref,
      desired: object,
      digest,
      ...(uid === undefined ? {} : { liveUid: uid }),
      ...(drift.length > 0 ? { drift } : {}),
      ...(outOfBandManagers.length > 0 ? { outOfBandManagers } : {}),
    };
    if (reasons.length === 0) unchanged.push({ ...base, action: 'unchanged', reasons: [] });
    else applyItems.push({ ...base, action: 'update', reasons });
  }

  const pruneRefused =
    input.desired.length === 0
      ? 'the render is empty; refusing to prune everything (render the member, or delete its objects by hand)'
      : input.incompleteView;
  const deletes: PlanItem[] = [];
  const retained: PlanItem[] = [];
  const keptEntries: InventoryEntry[] = [];
  for (const entry of input.inventory.entries) {
    const key = refKey(entry);
    if (desiredKeys.has(key)) continue;
    const ref = refOf(entry);
    const live = liveByKey.get(key);
    if (pruneRefused !== undefined) {
      retained.push({ ref, action: 'retain', reasons: [`prune refused: ${pruneRefused}`] });
      keptEntries.push(entry);
      continue;
    }
    if (live === undefined) continue; // already gone (or no longer labelled as ours): forget it
    if (!isOwnedBy(live, who)) continue; // someone took it over: never ours to delete
    if (protectedKinds.has(entry.kind) && input.pruneVolumes !== true) {
      retained.push({
        ref,
        action: 'retain',
        reasons: [
          entry.kind === 'CustomResourceDefinition'
            ? 'CustomResourceDefinition kept: deleting it deletes every object of its kind, ours or not (prune with --prune-volumes)'
            : `${entry.kind} kept: its data outlives the manifests (prune with --prune-volumes)`,
        ],
      });
      keptEntries.push(entry);
      continue;
    }
    const uid = live.metadata.uid;
    deletes.push({
      ref,
      action: 'delete',
      reasons: ['no longer rendered'],
      ...(uid === undefined ? {} : { liveUid: uid }),
    });
    keptEntries.push(entry);
  }

  applyItems.sort((a, b) => compareForApply(a.ref, b.ref));
  deletes.sort((a, b) => compareForDelete(a.ref, b.ref));
  unchanged.sort((a, b) => compareForApply(a.ref, b.ref));
  retained.sort((a, b) => compareForApply(a.ref, b.ref));
  const deleteKeys = new Set(deletes.map((d) => refKey(d.ref)));
  return {
    member,
    items: [...applyItems, ...deletes, ...unchanged, ...retained],
    ...(pruneRefused === undefined ? {} : { pruneRefused }),
    inventoryDuringApply: { member, entries: sortEntries([...keptEntries, ...desiredEntries]) },
    inventoryAfter: {
      member,
      entries: sortEntries([...keptEntries.filter((e) => !deleteKeys.has(refKey(e))), ...desiredEntries]),
    },
  };
}

export function countPlan(plan: Pick<Plan, 'items'>): PlanCounts {
  const counts = { create: 0, update: 0, delete: 0, unchanged: 0, retain: 0 };
  for (const item of plan.items) counts[item.action]++;
  return counts;
}

export function hasChanges(plan: Pick<Plan, 'items'>): boolean {
  return plan.items.some((i) => i.action === 'create' || i.action === 'update' || i.action === 'delete');
}
