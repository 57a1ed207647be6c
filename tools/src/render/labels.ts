// Labels and annotations every rendered object carries. The reconciler finds what it owns (and what
// it may prune) by the ownership annotation, and selects by the standard app.kubernetes.io labels.
import { LABEL_VALUE_MAX_LENGTH } from '../model/resource-names.ts';
import { contentHash } from './content-hash.ts';
import type { JsonObject } from './types.ts';

export const MANAGED_BY = 'consortium-gitops';
/** `<consortium>/<org>`: which member's rendered set an object belongs to. */
export const OWNER_ANNOTATION = 'consortium-gitops.io/owner';
/** Fabric-level identity of an object (org id, channel, chaincode), for selection and status. */
export const ORG_LABEL = 'fabric.consortium/org';
export const CHANNEL_LABEL = 'fabric.consortium/channel';
export const CHAINCODE_LABEL = 'fabric.consortium/chaincode';

export type Component =
  | 'namespace'
  | 'ca'
  | 'peer'
  | 'orderer'
  | 'couchdb'
  | 'chaincode'
  | 'network-policy'
  | 'ingress'
  | 'channel-join'
  | 'channel-update'
  | 'chaincode-lifecycle'
  | 'msp'
  | 'connection-profile'
  | 'enrollment';

export interface LabelInput {
  readonly consortium: string;
  readonly org: string;
  /** app.kubernetes.io/name: what the workload is (fabric-peer, couchdb, ...). */
  readonly name: string;
  /** app.kubernetes.io/instance: which one (the object's base name). */
  readonly instance: string;
  readonly component: Component;
  readonly channel?: string;
  readonly chaincode?: string;
}

/** Labels that identify one workload: used both on objects and as pod selectors. */
/**
 * An object name as a label value: names may be longer than the 63 characters a label value
 * allows (a NetworkPolicy or ConfigMap named after a long chaincode), so long ones are cut and
 * suffixed with a hash of the whole, keeping distinct names distinct.
 */
export function toLabelValue(value: string): string {
  if (value.length <= LABEL_VALUE_MAX_LENGTH) return value;
  const hash = contentHash(value, 10);
  return `${value.slice(0, LABEL_VALUE_MAX_LENGTH - hash.length - 1).replace(/[-_.]+$/, '')}-${hash}`;
}

export function selectorLabels(input: Pick<LabelInput, 'name' | 'instance'>): JsonObject {
  return { 'app.kubernetes.io/name': input.name, 'app.kubernetes.io/instance': toLabelValue(input.instance) };
}

export function standardLabels(input: LabelInput): JsonObject {
  // selectorLabels' two keys first, written out: a spread copy here costs more than the rest.
  const labels: JsonObject = {
    'app.kubernetes.io/name': input.name,
    'app.kubernetes.io/instance': toLabelValue(input.instance),
    'app.kubernetes.io/component': input.component,
    'app.kubernetes.io/part-of': input.consortium,
    'app.kubernetes.io/managed-by': MANAGED_BY,
    [ORG_LABEL]: input.org,
  };
  if (input.channel !== undefined) labels[CHANNEL_LABEL] = input.channel;
  if (input.chaincode !== undefined) labels[CHAINCODE_LABEL] = input.chaincode;
  return labels;
}

export function ownerAnnotations(consortium: string, org: string): JsonObject {
  return { [OWNER_ANNOTATION]: `${consortium}/${org}` };
}

/** metadata for a namespaced object. */
export function objectMeta(
  input: LabelInput & { readonly objectName: string; readonly namespace: string },
): JsonObject & {
  name: string;
} {
  return {
    name: input.objectName,
    namespace: input.namespace,
    labels: standardLabels(input),
    annotations: ownerAnnotations(input.consortium, input.org),
  };
}
