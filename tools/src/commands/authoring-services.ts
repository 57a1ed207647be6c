// Wires the authoring pipeline to the rest of the toolkit: the loader, the validator's rules, the
// committed base revision (Git) and the governance engine. Kept apart from the CLI so tests and the
// demo run commands in-process on any directory with any clock.
import { createFilesystemReader } from '../adapters/filesystem.ts';
import { loadRepository } from '../model/load-repository.ts';
import { validateRepository } from './validate.ts';
import { resolveCommittedBase, type CommittedBase } from './authoring-base.ts';
import { classifyChanges } from '../governance/classify-changes.ts';
import { evaluateGovernance } from '../governance/evaluate-governance.ts';
import { digestBytes } from '../governance/fingerprint.ts';
import type { ChangedPath } from '../governance/types.ts';
import { checkStorageShrink } from '../render/storage-shrink.ts';
import { diffRevisions } from '../authoring/diff-revisions.ts';
import type { AuthoringServices } from '../authoring/run-authoring.ts';
import type { ApprovalPreview } from '../authoring/preview-approvals.ts';
import type { FileChanges } from '../authoring/file-changes.ts';
import type { ConsortiumModel } from '../model/types.ts';
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { PendingLedgerUpdate } from '../authoring/ledger-next-steps.ts';
import { listLedgerChannels } from '../model/load-channel-ledger.ts';
import { buildChannelConfig } from '../fabric/config/build-channel-config.ts';
import { planChannelUpdate } from './channel-update.ts';

interface LoadedBase {
  readonly base: CommittedBase;
  readonly model: ConsortiumModel;
  readonly forkModel: ConsortiumModel;
}

/**
 * `baseRef` names the committed revision (--base); by default `main`, else `HEAD`. Outside a Git
 * working tree (or before its first commit) the working tree before the edit stands in.
 */
export function createAuthoringServices(options: {
  repoDir: string;
  now: Date;
  baseRef?: string | undefined;
}): AuthoringServices {
  const reader = createFilesystemReader(options.repoDir);
  let loading: Promise<LoadedBase | undefined> | undefined;
  const loadBase = () =>
    (loading ??= resolveCommittedBase({ repoDir: options.repoDir, baseRef: options.baseRef }).then(async (base) => {
      if (base === undefined) return undefined;
      const [tip, fork] = await Promise.all([
        loadRepository(base.reader),
        base.forkReader === base.reader ? undefined : loadRepository(base.forkReader),
      ]);
      return { base, model: tip.model, forkModel: (fork ?? tip).model };
    }));
  return {
    reader,
    repoDir: options.repoDir,
    now: options.now,
    loadModel: (r) => loadRepository(r),
    // Exactly `consortium validate`: the loader's findings and every rule's.
    validate: (r) => validateRepository({ reader: r, now: options.now }),
    loadCommitted: async () => (await loadBase()) ?? undefined,
    async previewApprovals(input) {
      const loaded = await loadBase();
      if (loaded === undefined) {
        return previewApprovals({
          base: input.before,
          from: input.before,
          head: input.head,
          ...changedPathsOf(input.before, input.changes),
          committed: null,
          now: options.now,
        });
      }
      // The pull request's diff: from where the branch left the base to the working tree with the
      // edit, leaving out what `git add --all` would not commit (ignored files).
      const tracked = loaded.base.workingTreePaths;
      const diff = await diffRevisions({
        base: loaded.base.forkReader,
        head: input.headReader,
        includeHead: (path) => tracked.has(path) || input.changes.writes.has(path),
      });
      return previewApprovals({
        base: loaded.model,
        from: loaded.forkModel,
        head: input.head,
        changedPaths: diff.changedPaths,
        fileDigests: diff.fileDigests,
        committed: { ref: loaded.base.ref, commit: loaded.base.commit },
        now: options.now,
      });
    },
    planLedgerUpdates: (r, model) => planLedgerUpdates(r, model),
  };
}

/** What `consortium channel update` would write for each channel on the ledger, as the next step. */
async function planLedgerUpdates(reader: RepoReader, model: ConsortiumModel): Promise<PendingLedgerUpdate[]> {
  const pending: PendingLedgerUpdate[] = [];
  for (const channel of await listLedgerChannels(reader)) {
    if (!model.channels.some((c) => c.name === channel)) continue;
    let plan;
    try {
      plan = await planChannelUpdate({ reader, model, channel, desiredConfig: buildChannelConfig });
    } catch {
      continue; // validation names why this channel's update cannot be computed
    }
    for (const update of plan.updates) {
      const mspIds = [...new Set(update.policies.flatMap((p) => p.candidates))].sort();
      pending.push({
        channel,
        update: update.number,
        changes: update.changes,
        policies: update.policies.map((p) => ({ path: p.path, policy: p.policy, missing: p.missing })),
        signers: mspIds.map((mspId) => ({ mspId, org: model.orgs.find((o) => o.mspId === mspId)?.id })),
      });
    }
  }
  return pending;
}

/** Without a committed revision: the paths this edit alone writes and deletes. */
function changedPathsOf(
  before: ConsortiumModel,
  changes: FileChanges,
): { changedPaths: ChangedPath[]; fileDigests: Map<string, string> } {
  const changedPaths: ChangedPath[] = [
    ...[...changes.writes.keys()].map((path) => ({
      path,
      status: before.files.some((f) => f.path === path) ? ('modified' as const) : ('added' as const),
    })),
    ...[...changes.deletes].map((path) => ({ path, status: 'removed' as const })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const fileDigests = new Map([...changes.writes].map(([path, text]) => [path, digestBytes(text)]));
  for (const path of changes.deletes) fileDigests.set(path, 'removed');
  return { changedPaths, fileDigests };
}

/**
 * The governance engine's answer for a pull request opened now with no review yet, computed as
 * `consortium approvals` does: the change set is classified from the fork point (`from`) to the
 * head, and judged under the base's rules and admin registry. Every requirement it lists is still
 * missing, which is the point.
 */
export function previewApprovals(input: {
  /** The base revision: its rules and admin registry decide. */
  base: ConsortiumModel;
  /** Where the change set starts (the merge-base of base and the branch). */
  from: ConsortiumModel;
  head: ConsortiumModel;
  changedPaths: readonly ChangedPath[];
  fileDigests: ReadonlyMap<string, string>;
  committed: ApprovalPreview['base'];
  now: Date;
}): ApprovalPreview {
  const classified = classifyChanges({
    base: input.from,
    head: input.head,
    changedPaths: input.changedPaths,
    fileDigests: input.fileDigests,
  });
  // As in `consortium approvals`: a head that shrinks a volume the base runs cannot be rendered.
  const errors = checkStorageShrink(input.base, input.head)
    .filter((d) => d.severity === 'error')
    .map((d) => `head does not validate: ${d.file}:${d.line}: ${d.message}`);
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
    errors,
  });
  return {
    base: input.committed,
    changes: result.changes.map((c) => ({
      kind: c.kind,
      subject: c.subject,
      summary: c.summary,
      requires: c.requires,
      critical: c.critical,
      missing: c.missing,
    })),
    errors: result.errors,
  };
}
