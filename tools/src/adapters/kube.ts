// The Kubernetes API as reconcile sees it: a small interface, so the planner and applier never
// touch HTTP. The real implementation (kube/http-kube-client.ts) speaks to the API server with
// node:https; tests use real API servers, not a fake.

/** A Kubernetes object as raw JSON. Sent to the API server as is (no typed serializer). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: KubeMetadata;
  readonly [field: string]: unknown;
}

export interface KubeMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly resourceVersion?: string;
  readonly uid?: string;
  readonly managedFields?: readonly ManagedFieldsEntry[];
  readonly [field: string]: unknown;
}

export interface ManagedFieldsEntry {
  readonly manager?: string;
  readonly operation?: 'Apply' | 'Update';
  readonly apiVersion?: string;
  readonly time?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: unknown;
  readonly subresource?: string;
}

/** Where a kind is served: found by discovery. */
export interface ResourceType {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name used in URLs, e.g. "configmaps". */
  readonly resource: string;
  readonly namespaced: boolean;
}

export interface Discovery {
  /** Keyed by `${apiVersion}/${kind}`. */
  readonly types: ReadonlyMap<string, ResourceType>;
  /** API group versions whose discovery failed or is stale ("" for the core group). */
  readonly failedGroups: readonly string[];
}

export interface ListOptions {
  readonly type: ResourceType;
  /** Omitted: all namespaces (or a cluster-scoped kind). */
  readonly namespace?: string;
  readonly labelSelector?: string;
}

export interface ApplyOptions {
  readonly type: ResourceType;
  readonly fieldManager: string;
  readonly force: boolean;
  readonly dryRun: boolean;
}

export interface DeleteOptions {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name: string;
  readonly propagationPolicy: 'Background' | 'Foreground' | 'Orphan';
  /** Delete only this exact object (guards against deleting a newer object of the same name). */
  readonly uid?: string;
  readonly dryRun?: boolean;
}

export interface GetOptions {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name: string;
}

/** Requests sent, by HTTP verb (retries included), for efficiency reports and tests. */
export interface RequestCounts {
  readonly total: number;
  readonly byVerb: Readonly<Record<string, number>>;
  /** Requests that change state (POST, PUT, PATCH without dryRun, DELETE). */
  readonly writes: number;
  readonly dryRuns: number;
}

export interface KubeClient {
  /** Human-readable: context name and server URL. */
  readonly description: string;
  discover(): Promise<Discovery>;
  /** Every matching object; follows continue tokens; a failed or truncated list throws. */
  list(options: ListOptions): Promise<KubeObject[]>;
  /** undefined when the object does not exist. */
  get(options: GetOptions): Promise<KubeObject | undefined>;
  /** Server-side apply (PATCH application/apply-patch+yaml, body sent as JSON). */
  apply(object: KubeObject, options: ApplyOptions): Promise<KubeObject>;
  create(object: KubeObject, options: { readonly type: ResourceType }): Promise<KubeObject>;
  /** PUT with the object's resourceVersion: fails with 409 when it changed meanwhile. */
  replace(object: KubeObject, options: { readonly type: ResourceType }): Promise<KubeObject>;
  /** false when the object was already gone. */
  delete(options: DeleteOptions): Promise<boolean>;
  requestCounts(): RequestCounts;
}

/** A Kubernetes API error with the server's Status object when it sent one. */
export class KubeApiError extends Error {
  override readonly name = 'KubeApiError';
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly details: KubeStatusDetails | undefined;
  constructor(
    message: string,
    options: { status?: number; reason?: string; details?: KubeStatusDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
    this.reason = options.reason;
    this.details = options.details;
  }
}

export interface KubeStatusDetails {
  readonly name?: string;
  readonly kind?: string;
  readonly causes?: readonly { readonly type?: string; readonly message?: string; readonly field?: string }[];
}

export function typeKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}
