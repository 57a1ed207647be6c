// Hardening shared by every workload: non-root, no privilege escalation, no capabilities, read-only
// root file system (writable paths are explicit volumes), RuntimeDefault seccomp, and no
// service-account token (no Fabric component talks to the Kubernetes API).
import type { JsonObject } from './types.ts';

/** UID/GID the Fabric images run under (their binaries need no particular user). */
export const FABRIC_UID = 1000;
/** The official CouchDB image's couchdb user. */
export const COUCHDB_UID = 5984;

export function podSecurityContext(uid: number): JsonObject {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export function containerSecurityContext(): JsonObject {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  };
}

export interface ResourceSizes {
  readonly cpu: string;
  readonly memory: string;
  readonly memoryLimit: string;
}

/** Memory is limited (a leak must not take the node down); CPU is not, to avoid throttling gRPC. */
export function resources(sizes: ResourceSizes): JsonObject {
  return { requests: { cpu: sizes.cpu, memory: sizes.memory }, limits: { memory: sizes.memoryLimit } };
}

export const SIZES = {
  peer: { cpu: '500m', memory: '1Gi', memoryLimit: '2Gi' },
  orderer: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
  ca: { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' },
  couchdb: { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
  chaincode: { cpu: '100m', memory: '128Mi', memoryLimit: '512Mi' },
  job: { cpu: '50m', memory: '64Mi', memoryLimit: '256Mi' },
} as const satisfies Record<string, ResourceSizes>;

/** Pod-level settings common to all workloads. */
export function podDefaults(uid: number): JsonObject {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: podSecurityContext(uid),
  };
}

export function emptyDirVolume(name: string): JsonObject {
  return { name, emptyDir: {} };
}
