// Apply order: what others depend on first. Namespaces hold everything; CRDs must exist before
// their custom resources; RBAC, configuration and Services before the workloads that use them;
// admission webhooks last, so a webhook whose backend is not running yet cannot block the rest.
// Deletions run in the reverse order.
import type { ObjectRef } from './types.ts';

const ranks: Readonly<Record<string, number>> = {
  Namespace: 0,
  CustomResourceDefinition: 1,
  PriorityClass: 2,
  StorageClass: 2,
  ServiceAccount: 2,
  ClusterRole: 2,
  Role: 2,
  ClusterRoleBinding: 3,
  RoleBinding: 3,
  ResourceQuota: 3,
  LimitRange: 3,
  NetworkPolicy: 3,
  ConfigMap: 3,
  Secret: 3,
  PersistentVolume: 3,
  PersistentVolumeClaim: 4,
  Service: 4,
  Ingress: 4,
  // Gateway API (CRDs the member installs): routing to Services, like Ingress; the Gateway sorts
  // before the TLSRoutes attached to it.
  Gateway: 4,
  TLSRoute: 4,
  PodDisruptionBudget: 4,
  Deployment: 5,
  StatefulSet: 5,
  DaemonSet: 5,
  ReplicaSet: 5,
  Pod: 5,
  Job: 5,
  CronJob: 5,
  HorizontalPodAutoscaler: 6,
  MutatingWebhookConfiguration: 8,
  ValidatingWebhookConfiguration: 8,
  ValidatingAdmissionPolicy: 8,
  ValidatingAdmissionPolicyBinding: 8,
  MutatingAdmissionPolicy: 8,
  MutatingAdmissionPolicyBinding: 8,
  APIService: 8,
};

/** Custom resources go after the built-in workloads they may configure. */
export const customResourceRank = 7;

export function applyRank(kind: string): number {
  return ranks[kind] ?? customResourceRank;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareForApply(a: ObjectRef, b: ObjectRef): number {
  return (
    applyRank(a.kind) - applyRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.namespace ?? '', b.namespace ?? '') ||
    compareText(a.name, b.name)
  );
}

export function compareForDelete(a: ObjectRef, b: ObjectRef): number {
  return -compareForApply(a, b);
}

/** Groups already ordered items into batches of one rank: a batch may be applied in parallel. */
export function batchByRank<T extends { readonly ref: ObjectRef }>(items: readonly T[]): T[][] {
  const batches: T[][] = [];
  let last: number | undefined;
  for (const item of items) {
    const rank = applyRank(item.ref.kind);
    if (rank !== last || batches.length === 0) batches.push([]);
    batches[batches.length - 1]?.push(item);
    last = rank;
  }
  return batches;
}
