import { checkChaincodeNearNames } from '../governance/chaincode-near-names.ts';
import type { GitRepository } from '../adapters/git.ts';
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { loadRepository } from '../model/load-repository.ts';
import { runRules } from '../rules/index.ts';
import { checkStorageShrink } from '../render/storage-shrink.ts';
import {
  checkSourceRangeLift,
  findSourceRangeChanges,
  type SourceRangeChange,
} from '../render/source-range-changes.ts';
import { createRuleContext } from '../rules/context.ts';
import { classifyChanges } from '../governance/classify-changes.ts';
import { digestChangeSet } from '../governance/digest-change-set.ts';
import { digestBytes } from '../governance/fingerprint.ts';
import { evaluateGovernance } from '../governance/evaluate-governance.ts';
import { findKeysInHistory } from './history-keys.ts';
import { evaluateLedgerUpdates } from '../governance/evaluate-ledger-updates.ts';
import { loadChannelLedgers } from '../model/load-channel-ledger.ts';
import { buildChannelConfig } from '../fabric/config/build-channel-config.ts';
import type { ChangedPath, ClassifiedChange, GovernanceResult, Review } from '../governance/types.ts';

export interface ApprovalsOptions {
  readonly git: GitRepository;
  /** The target branch (its rules and member registry decide). */
  readonly base: string;
  readonly head: string;
  readonly reviews: readonly Review[];
  readonly author: { readonly login: string; readonly id?: number | undefined };
  readonly openedAt: Date | undefined;
  readonly now: Date;
  /**
   * The pull request's files as GitHub lists them; when given, they must agree with git's
   * listing (a disagreement means the data is not what we think it is: error).
   */
  readonly reportedPaths?: readonly ChangedPath[];
  /** Reasons for an `error` verdict found by the caller (a truncated API listing). */
  readonly errors?: readonly string[];
}

export interface ApprovalsResult extends GovernanceResult {
  readonly base: string;
  readonly head: string;
  /** The model at base (the consortium the report's diagram shows, with the head's additions). */
  readonly baseModel: ConsortiumModel;
  readonly headModel: ConsortiumModel;
  readonly headDiagnostics: readonly Diagnostic[];
  /** Warnings of the head, including what only a comparison with the base shows (a lifted source range). */
  readonly headWarnings: readonly Diagnostic[];
  /** Members whose ingress admits other sources at head than at base: they should see it before approving. */
  readonly exposureChanges: readonly SourceRangeChange[];
}

/**
 * `consortium approvals`: reads base and head as Git data (nothing is checked out, nothing of the
 * head is executed), classifies the change, and evaluates the reviews under the base's rules.
 */
export async function runApprovals(options: ApprovalsOptions): Promise<ApprovalsResult> {
  const { git } = options;
  const errors = [...(options.errors ?? [])];
  const base = await git.resolveCommit(options.base);
  const head = await git.resolveCommit(options.head);
  if (base === undefined || head === undefined) {
    throw new RevisionNotFoundError(
      `${base === undefined ? options.base : options.head} is not a commit in ${git.dir}`,
    );
  }
  const reviews = await resolveReviewCommits(git, options.reviews);
  const models = new ModelCache(git);
  // Base and head are read concurrently: each is a `git cat-file` process plus YAML parsing.
  const [baseLoaded, current] = await Promise.all([models.load(base), classifyAt({ git, models, base, commit: head })]);
  const headLoaded = await models.load(head);
  // Only the head is validated: the base is trusted as merged, and earlier heads only matter for
  // whether their change set equals the current one. A shrunk volume is a head that cannot be
  // rendered against what the base already runs, so it counts as a validation error here.
  const headDiagnostics = [
    ...headLoaded.diagnostics,
    ...runRules(createRuleContext({ model: headLoaded.model, now: options.now })),
    ...checkStorageShrink(baseLoaded.model, headLoaded.model),
  ];
  const headErrors = headDiagnostics.filter((d) => d.severity === 'error');
  const headWarnings = [
    ...headDiagnostics.filter((d) => d.severity === 'warning'),
    ...checkSourceRangeLift(baseLoaded.model, headLoaded.model),
    ...checkChaincodeNearNames(baseLoaded.model, headLoaded.model),
  ];
  for (const d of headErrors.slice(0, 20)) errors.push(`head does not validate: ${d.file}:${d.line}: ${d.message}`);
  if (headErrors.length > 20) errors.push(`head does not validate: ${headErrors.length - 20} more errors`);
  if (options.reportedPaths !== undefined) errors.push(...comparePathLists(options.reportedPaths, current.paths));
  errors.push(...(await findKeysInHistory(git, base, head)));
  if (current.changes.length === 0)
    errors.unshift(await explainNothingToJudge({ git, base, head, baseLabel: options.base }));

  // Approvals given on earlier heads: they count when the change set there is the same.
  const digestAt = new Map<string, string>();
  const earlier = new Set(
    reviews.filter((r) => r.state === 'APPROVED' && r.commit_id && r.commit_id !== head).map((r) => r.commit_id ?? ''),
  );
  for (const commitId of [...earlier].sort()) {
    const commit = /^[0-9a-f]{40}$/.test(commitId) ? await git.resolveCommit(commitId) : undefined;
    if (commit === undefined) continue; // not fetched (force-pushed away): the approval cannot be checked
    try {
      digestAt.set(commitId, digestChangeSet((await classifyAt({ git, models, base, commit })).changes));
    } catch {
      // An unreadable old head only costs its approvals.
    }
  }

  const ledger = evaluateLedgerUpdates({
    base: await loadChannelLedgers(baseLoaded.reader),
    head: await loadChannelLedgers(headLoaded.reader),
    headModel: headLoaded.model,
    now: options.now,
    desiredConfig: buildChannelConfig,
  });

  const result = evaluateGovernance({
    base: baseLoaded.model,
    head: headLoaded.model,
    changes: current.changes,
    headSha: head,
    reviews,
    author: {
      login: options.author.login,
      id: options.author.id ?? idOfLogin(baseLoaded.model, headLoaded.model, options.author.login),
    },
    changeSetDigestAt: digestAt,
    openedAt: options.openedAt,
    now: options.now,
    errors,
    ledger,
  });
  return {
    ...result,
    base,
    head,
    baseModel: baseLoaded.model,
    headModel: headLoaded.model,
    headDiagnostics: headErrors,
    headWarnings,
    exposureChanges: findSourceRangeChanges(baseLoaded.model, headLoaded.model),
  };
}

/**
 * Reviews whose commit_id is an abbreviated id (as people copy it from `git log --oneline`) name
 * the full commit, so the approval is matched against the head like any other. An id git cannot
 * resolve stays as written: the approval then does not count, and the report says so.
 */
async function resolveReviewCommits(git: GitRepository, reviews: readonly Review[]): Promise<Review[]> {
  const resolved: Review[] = [];
  for (const review of reviews) {
    const id = review.commit_id;
    if (id === null || !/^[0-9a-f]{4,39}$/i.test(id)) {
      resolved.push(review);
      continue;
    }
    const full = await git.resolveCommit(id.toLowerCase());
    resolved.push(full === undefined ? review : { ...review, commit_id: full });
  }
  return resolved;
}

/**
 * Why a pull request has nothing to judge. An empty change set is never approved: it is the mark of
 * a mistake (swapped --base/--head, a head merged already), and approving it would put a green
 * check on whatever the next push brings before anyone looked.
 */
async function explainNothingToJudge(ctx: {
  git: GitRepository;
  base: string;
  head: string;
  baseLabel: string;
}): Promise<string> {
  const what = 'no changes between base and head';
  if (ctx.base === ctx.head) return `${what}: both are commit ${ctx.head.slice(0, 7)}`;
  if ((await ctx.git.mergeBase(ctx.base, ctx.head)) === ctx.head) {
    return `${what}: head ${ctx.head.slice(0, 7)} is already part of ${ctx.baseLabel} (${ctx.base.slice(0, 7)}): it was merged already, or --base and --head are swapped`;
  }
  return `${what}: the head's commits since it left ${ctx.baseLabel} leave every file as it was`;
}

export class RevisionNotFoundError extends Error {
  override readonly name = 'RevisionNotFoundError';
}

/**
 * Offline, only a login is known: its numeric id is the one the base registry lists for it. Only
 * for the admin of a joining org (known to the head alone) does the head say; an id the head
 * assigns that an admin at base already holds would let the login speak for that admin's org.
 */
function idOfLogin(base: ConsortiumModel, head: ConsortiumModel, login: string): number | undefined {
  const lower = login.toLowerCase();
  const find = (orgs: readonly ConsortiumModel['orgs'][number][]) => {
    for (const org of orgs) {
      const admin = org.admins.find((a) => a.github.toLowerCase() === lower);
      if (admin !== undefined) return admin.githubId;
    }
    return undefined;
  };
  const atBase = find(base.orgs);
  if (atBase !== undefined) return atBase;
  const members = new Set(base.orgs.map((o) => o.id));
  const fromHead = find(head.orgs.filter((o) => !members.has(o.id)));
  const heldAtBase = base.orgs.some((o) => o.admins.some((a) => a.githubId === fromHead));
  return heldAtBase ? undefined : fromHead;
}

/** The change set a commit makes relative to its merge-base with the base branch. */
async function classifyAt(ctx: { git: GitRepository; models: ModelCache; base: string; commit: string }): Promise<{
  changes: ClassifiedChange[];
  paths: readonly ChangedPath[];
}> {
  const forkPoint = (await ctx.git.mergeBase(ctx.base, ctx.commit)) ?? ctx.base;
  const [from, to] = [await ctx.models.load(forkPoint), await ctx.models.load(ctx.commit)];
  const paths = await ctx.git.listChangedFiles(ctx.base, ctx.commit);
  const fileDigests = new Map<string, string>();
  for (const file of paths) {
    if (file.status === 'removed') fileDigests.set(file.path, 'removed');
    else fileDigests.set(file.path, await to.reader.readFile(file.path).then(digestBytes, () => 'unreadable'));
  }
  return { changes: classifyChanges({ base: from.model, head: to.model, changedPaths: paths, fileDigests }), paths };
}

function comparePathLists(reported: readonly ChangedPath[], fromGit: readonly ChangedPath[]): string[] {
  const key = (p: ChangedPath) => `${p.status}:${p.path}`;
  const a = new Set(reported.map(key));
  const b = new Set(fromGit.map(key));
  const onlyReported = [...a].filter((k) => !b.has(k));
  const onlyGit = [...b].filter((k) => !a.has(k));
  if (onlyReported.length === 0 && onlyGit.length === 0) return [];
  return [
    `GitHub's file list and git disagree (${[...onlyReported.map((k) => `GitHub: ${k}`), ...onlyGit.map((k) => `git: ${k}`)].slice(0, 5).join('; ')}): is the pull request head fetched?`,
  ];
}

interface LoadedRevision {
  readonly model: ConsortiumModel;
  readonly diagnostics: readonly Diagnostic[];
  readonly reader: RepoReader;
}

/** Each revision is loaded once, however many comparisons need it. */
class ModelCache {
  private readonly loaded = new Map<string, Promise<LoadedRevision>>();
  constructor(private readonly git: GitRepository) {}
  load(commit: string): Promise<LoadedRevision> {
    let pending = this.loaded.get(commit);
    if (pending === undefined) {
      pending = this.git.readerAt(commit).then(async (reader) => {
        const { model, diagnostics } = await loadRepository(reader);
        return { model, diagnostics, reader };
      });
      this.loaded.set(commit, pending);
    }
    return pending;
  }
}
