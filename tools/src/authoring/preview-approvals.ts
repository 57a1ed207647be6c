// "What approvals will this change need?" answered before anyone opens a pull request, by the same
// governance engine that will judge the pull request: the committed base revision is the base (its
// rules and admin registry decide), the working tree with the edit is the head, and no review has
// been given yet.
import type { ChangeKind } from '../model/types.ts';

export interface PreviewedChange {
  readonly kind: ChangeKind | 'error';
  readonly subject: string;
  readonly summary: string;
  /** The deciding policy and extra conditions, in the governance engine's words. */
  readonly requires: string;
  readonly critical: boolean;
  /** What a pull request with no reviews would still need, in words a reviewer can act on. */
  readonly missing: readonly string[];
}

export interface ApprovalPreview {
  /**
   * The committed revision the head was judged against (its rules and admin registry decide, and
   * every change since the branch left it counts); null when the working tree before the edit
   * stood in for it (not a Git repository), and the preview covers this edit alone.
   */
  readonly base: { readonly ref: string; readonly commit: string } | null;
  readonly changes: readonly PreviewedChange[];
  /** Problems that would make the pull request's verdict `error`. */
  readonly errors: readonly string[];
}
