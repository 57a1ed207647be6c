// Hardening shared by every workload: non-root, no privilege escalation, no capabilities, read-only
// root file system (writable paths are explicit volumes), RuntimeDefault seccomp, and no
// service-account token (no Fabric component talks to the Kubernetes API).
import type { ResourceSizes } from '../model/workload-sizes.ts';
import { shared, sharedBy } from './shared-value.ts';
import type { JsonObject } from './types.ts';

/** UID/GID the Fabric images run under (their binaries need no particular user). */
export const FABRIC_UID = 1000;
/** The official CouchDB image's couchdb user. */
export const COUCHDB_UID = 5984;

const podSecurityContexts = new Map<string, JsonObject>();
export function podSecurityContext(uid: number): JsonObject {
  return sharedBy(podSecurityContexts, String(uid), () => ({
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  }));
}

const CONTAINER_SECURITY_CONTEXT: JsonObject = shared({
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
});
export function containerSecurityContext(): JsonObject {
  return CONTAINER_SECURITY_CONTEXT;
}

const resourceBlocks = new Map<string, JsonObject>();
/** Memory is limited (a leak must not take the node down); CPU is not, to avoid throttling gRPC. */
export function resources(sizes: ResourceSizes): JsonObject {
  return sharedBy(resourceBlocks, `${sizes.cpu} ${sizes.memory} ${sizes.memoryLimit}`, () => ({
    requests: { cpu: sizes.cpu, memory: sizes.memory },
    limits: { memory: sizes.memoryLimit },
  }));
}

/** Pod-level settings common to all workloads. */
export function podDefaults(uid: number): JsonObject {
  return {
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: podSecurityContext(uid),
  };
}

const emptyDirVolumes = new Map<string, JsonObject>();
export function emptyDirVolume(name: string): JsonObject {
  return sharedBy(emptyDirVolumes, name, () => ({ name, emptyDir: {} }));
}
