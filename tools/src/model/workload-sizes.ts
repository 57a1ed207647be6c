// Requests and memory limits of the rendered workloads: defaults sized for Fabric's processes,
// overridden per org in org.yaml (cluster.resources) for clusters of another size.
import { parseQuantity } from './quantity.ts';
import type { Organization, WorkloadKind } from './types.ts';

export interface ResourceSizes {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryLimit: string;
}

export const DEFAULT_SIZES = {
  peer: { cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' },
  orderer: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
  ca: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
  couchdb: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
  chaincode: { cpu: '100m', memory: '128Mi', memoryLimit: '512Mi' },
  job: { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
} as const satisfies Record<WorkloadKind, ResourceSizes>;

export const WORKLOAD_KINDS = Object.keys(DEFAULT_SIZES) as WorkloadKind[];

/** The sizes of one kind of workload of an org: its org.yaml overrides over the defaults. */
export function workloadSizes(org: Organization, kind: WorkloadKind): ResourceSizes {
  return { ...DEFAULT_SIZES[kind], ...org.cluster.resources?.[kind] };
}

/** Bytes of a memory quantity as the schema admits them ("512Mi", "1G", "1000"). */
export function memoryBytes(quantity: string): number | undefined {
  return parseQuantity(quantity);
}
