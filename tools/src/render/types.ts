// Shapes shared by the render modules. A Kubernetes object is kept as a plain JSON-like value whose
// key order is chosen by the function that builds it: serialization keeps that order, so the output
// reads the way an engineer would write the manifest (apiVersion, kind, metadata, spec).
import type { ChannelUpdateSubmission } from './channel-update-jobs.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface KubeObject extends JsonObject {
  apiVersion: string;
  kind: string;
  metadata: JsonObject & { name: string };
}

export interface RenderedFile {
  /** Relative to the member's directory, forward slashes. */
  readonly path: string;
  readonly content: string;
}

export interface RenderedMember {
  /** Org id: the member's directory name under the output directory. */
  readonly org: string;
  /** Sorted by path: one file per object and kustomization.yaml. */
  readonly files: readonly RenderedFile[];
  /** Number of Kubernetes objects (files listed in kustomization.yaml). */
  readonly objectCount: number;
}

export interface RenderOptions {
  /** Org ids to render; all members when absent. Unknown ids are an error. */
  readonly orgs?: readonly string[];
  /** Committed channel updates: their signers render submission Jobs (channel-update-jobs.ts). */
  readonly channelUpdates?: readonly ChannelUpdateSubmission[];
}
