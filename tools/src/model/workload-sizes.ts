// Requests and memory limits of the rendered workloads: defaults sized for Fabric's processes,
// overridden per org in org.yaml (cluster.resources) for clusters of another size.
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

const BINARY_SUFFIX: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes of a memory quantity as the schema admits them ("512Mi", "1G", "1000"). */
export function memoryBytes(quantity: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(quantity);
  if (match === null) return undefined;
  const suffix = match[2];
  const scale = suffix === undefined ? 1 : (BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix] ?? 1);
  return Number(match[1]) * scale;
}
