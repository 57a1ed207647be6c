// Shared shapes of reconcile: what is planned per object, and what applying it did.
import type { KubeObject } from '../adapters/kube.ts';

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export type PlanAction = 'create' | 'update' | 'delete' | 'unchanged' | 'retain';

/** A field that differs between the live object and what applying would make of it. */
export interface FieldChange {
  /** Dotted path, list items by index or key: spec.template.spec.containers[name=peer].image */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** A field we declare that another field manager changed (from managedFields). */
export interface DriftFinding {
  readonly field: string;
  /** The manager that now owns the field; undefined when nobody does (it was removed). */
  readonly manager?: string;
  readonly operation?: string;
  readonly time?: string;
}

export interface FieldConflict {
  readonly manager: string;
  readonly field: string;
}

export interface PlanItem {
  readonly ref: ObjectRef;
  readonly action: PlanAction;
  /** Why: "not in the cluster", "content changed", "drift", "protected: PersistentVolumeClaim", ... */
  readonly reasons: readonly string[];
  /** Stamped object to apply (create, update). */
  readonly desired?: KubeObject;
  /** Live object's uid (update, delete): deletes are preconditioned on it. */
  readonly liveUid?: string;
  readonly digest?: string;
  readonly drift?: readonly DriftFinding[];
  /**
   * Managers that changed the live object with plain updates (kubectl edit, scale, patch): out
   * of band. Conflicts with them are drift and are overridden; conflicts with another applier
   * are not, unless --force-conflicts.
   */
  readonly outOfBandManagers?: readonly string[];
  /** Filled by a server-side dry run (plan). */
  readonly diff?: readonly FieldChange[];
  readonly conflicts?: readonly FieldConflict[];
  /** Dry run or validation failure found while planning. */
  readonly error?: string;
}

export interface InventoryEntry {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly digest: string;
}

export interface Inventory {
  readonly member: string;
  readonly entries: readonly InventoryEntry[];
}

export interface Plan {
  readonly member: string;
  /** Creates and updates in apply order, then deletes in reverse order, then unchanged/retained. */
  readonly items: readonly PlanItem[];
  /** Set when prune was refused; deletes are then absent and listed objects kept. */
  readonly pruneRefused?: string;
  /** Inventory to hold while applying: everything we may have touched (old + desired). */
  readonly inventoryDuringApply: Inventory;
  /** Inventory once every item succeeded. */
  readonly inventoryAfter: Inventory;
}

export interface PlanCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly unchanged: number;
  readonly retain: number;
}

export type Outcome = 'applied' | 'deleted' | 'recreated' | 'unchanged' | 'retained' | 'failed' | 'skipped';

export interface ItemResult {
  readonly ref: ObjectRef;
  readonly action: PlanAction;
  readonly outcome: Outcome;
  readonly error?: string;
  readonly errorKind?: 'conflict' | 'immutable' | 'invalid' | 'forbidden' | 'unreachable' | 'other';
  readonly conflicts?: readonly FieldConflict[];
  readonly hint?: string;
}

export interface ApplyReport {
  readonly member: string;
  readonly ok: boolean;
  readonly results: readonly ItemResult[];
  readonly inventoryWritten: boolean;
}

export function refKey(ref: ObjectRef): string {
  // The group, not the version: an object moving from v1beta1 to v1 is the same object.
  const slash = ref.apiVersion.lastIndexOf('/');
  const group = slash < 0 ? '' : ref.apiVersion.slice(0, slash);
  return `${group}|${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
}

export function refOf(object: KubeObject | InventoryEntry | ObjectRef): ObjectRef {
  const meta: { readonly name: string; readonly namespace?: string | undefined } =
    'metadata' in object ? object.metadata : object;
  const namespace = meta.namespace;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace === undefined || namespace === '' ? {} : { namespace }),
    name: meta.name,
  };
}

export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace === undefined ? '' : `${ref.namespace}/`}${ref.name}`;
}
