// Wires the authoring pipeline to the rest of the toolkit: the loader, the validator's rules and
// the governance engine. Kept apart from the CLI so tests and the demo run commands in-process on
// any directory with any clock.
import { createHash } from 'node:crypto';
import { createFilesystemReader } from '../adapters/filesystem.ts';
import { loadRepository } from '../model/load-repository.ts';
import { validateRepository } from './validate.ts';
import { classifyChanges } from '../governance/classify-changes.ts';
import { evaluateGovernance } from '../governance/evaluate-governance.ts';
import type { ChangedPath } from '../governance/types.ts';
import type { AuthoringServices } from '../authoring/run-authoring.ts';
import type { ApprovalPreview } from '../authoring/preview-approvals.ts';
import type { FileChanges } from '../authoring/file-changes.ts';
import type { ConsortiumModel } from '../model/types.ts';

export function createAuthoringServices(options: { repoDir: string; now: Date }): AuthoringServices {
  const reader = createFilesystemReader(options.repoDir);
  return {
    reader,
    repoDir: options.repoDir,
    now: options.now,
    loadModel: (r) => loadRepository(r),
    // Exactly `consortium validate`: the loader's findings and every rule's.
    validate: (r) => validateRepository({ reader: r, now: options.now }),
    previewApprovals: (input) => Promise.resolve(previewApprovals({ ...input, now: options.now })),
  };
}

/**
 * The governance engine's answer for a pull request made of exactly these file changes, opened
 * now, with no review yet: every requirement it lists is still missing, which is the point.
 */
export function previewApprovals(input: {
  base: ConsortiumModel;
  head: ConsortiumModel;
  changes: FileChanges;
  now: Date;
}): ApprovalPreview {
  const changedPaths: ChangedPath[] = [
    ...[...input.changes.writes.keys()].map((path) => ({
      path,
      status: input.base.files.some((f) => f.path === path) ? ('modified' as const) : ('added' as const),
    })),
    ...[...input.changes.deletes].map((path) => ({ path, status: 'removed' as const })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fileDigests = new Map(
    [...input.changes.writes].map(([path, text]) => [path, createHash('sha256').update(text).digest('hex')]),
  );
  const classified = classifyChanges({ base: input.base, head: input.head, changedPaths, fileDigests });
  const result = evaluateGovernance({
    base: input.base,
    head: input.head,
    changes: classified,
    headSha: 'proposed',
    reviews: [],
    author: { login: '', id: undefined },
    changeSetDigestAt: new Map(),
    openedAt: input.now,
    now: input.now,
    errors: [],
  });
  return {
    changes: result.changes.map((c) => ({
      kind: c.kind,
      subject: c.subject,
      summary: c.summary,
      requires: c.requires,
      critical: c.critical,
      needs: c.missing,
    })),
    errors: result.errors,
  };
}
