// How reconcile marks what it owns. The label selects our objects in one LIST per kind; the
// annotations prove ownership (prune requires it, together with the inventory) and record the
// digest of what was last applied, so unchanged objects skip their dry run.
import type { KubeObject } from '../adapters/kube.ts';
import { digestObject } from './digest.ts';

export const fieldManager = 'consortium-gitops';
export const memberLabel = 'consortium-gitops.io/member';
/** Same key the renderer writes (render/labels.ts): `<consortium>/<org>`. */
export const ownerAnnotation = 'consortium-gitops.io/owner';
export const digestAnnotation = 'consortium-gitops.io/digest';
export const recreateAnnotation = 'consortium-gitops.io/recreate-on-immutable';
export const inventoryName = 'consortium-gitops-inventory';
export const leaseName = 'consortium-gitops-reconcile';

export function memberSelector(member: string): string {
  return `${memberLabel}=${member}`;
}

/** The object as applied: the rendered object plus our label, owner and digest annotations. */
export interface Owner {
  /** Org id: the label value that selects the member's objects. */
  readonly member: string;
  /** Ownership annotation value, `<consortium>/<org>`. */
  readonly owner: string;
}

export function stampObject(object: KubeObject, who: Owner): { object: KubeObject; digest: string } {
  const digest = digestObject(object);
  const metadata = object.metadata;
  return {
    digest,
    object: {
      ...object,
      metadata: {
        ...metadata,
        labels: { ...metadata.labels, [memberLabel]: who.member },
        annotations: { ...metadata.annotations, [ownerAnnotation]: who.owner, [digestAnnotation]: digest },
      },
    },
  };
}

export function isOwnedBy(live: KubeObject, who: Owner): boolean {
  return live.metadata.annotations?.[ownerAnnotation] === who.owner;
}
