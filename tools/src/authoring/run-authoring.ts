// The path every authoring command takes: read the repository (the working tree, and the committed
// base revision when there is one), compute the edit as data, check the repository *as it would be*
// (validation, and the approvals the pull request will need) through an overlay, and only when that
// passes write the files — all of them or none.
import { checkChaincodeNearNames } from '../governance/chaincode-near-names.ts';
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { FindingsError } from '../errors.ts';
import { CHANNEL_LEDGER_RULE } from '../rules/channel-ledger-config.ts';
import { applyFileChanges } from './apply-file-changes.ts';
import { listChangedPaths, overlayReader, type FileChanges } from './file-changes.ts';
import type { ApprovalPreview } from './preview-approvals.ts';
import type { PendingLedgerUpdate } from './ledger-next-steps.ts';

/** What an authoring command needs from the rest of the toolkit, injected by its command module. */
export interface AuthoringServices {
  /** The working tree of the repository. */
  readonly reader: RepoReader;
  readonly repoDir: string;
  readonly now: Date;
  loadModel(reader: RepoReader): Promise<{ model: ConsortiumModel; diagnostics: readonly Diagnostic[] }>;
  /** `consortium validate` on a revision: every diagnostic (schema, rules, certificates) and the model. */
  validate(
    reader: RepoReader,
  ): Promise<{ readonly diagnostics: readonly Diagnostic[]; readonly model: ConsortiumModel }>;
  /**
   * The committed revision the pull request will merge into (the base branch), loaded; undefined
   * when there is none (not a Git repository), and the working tree before the edit stands in.
   */
  loadCommitted(): Promise<{ readonly model: ConsortiumModel } | undefined>;
  /**
   * The governance engine's answer for the head, with no review yet. `before` is the working tree
   * before the edit (the base when there is no committed one); `headReader` reads the head.
   */
  previewApprovals(input: {
    before: ConsortiumModel;
    head: ConsortiumModel;
    headReader: RepoReader;
    changes: FileChanges;
  }): Promise<ApprovalPreview>;
  /**
   * The config updates `consortium channel update` would write for the channels on the ledger that
   * `reader` describes differently from their ledger config (none when they all match).
   */
  planLedgerUpdates(reader: RepoReader, model: ConsortiumModel): Promise<readonly PendingLedgerUpdate[]>;
}

/** What a planner sees besides the working tree. */
export interface PlanContext {
  /** The committed revision's model (the working tree's when there is no committed revision). */
  readonly committed: ConsortiumModel;
}

export interface AuthoringResult<Plan> {
  readonly plan: Plan;
  readonly written: readonly string[];
  readonly deleted: readonly string[];
  /** Warnings of the edited repository (errors refuse the edit). */
  readonly warnings: readonly Diagnostic[];
  readonly approvals: ApprovalPreview;
  /** Config updates the edited channels need before the change can reach the ledger. */
  readonly ledgerUpdates: readonly PendingLedgerUpdate[];
  /** True when nothing was written (--dry-run). */
  readonly dryRun: boolean;
}

export interface AuthoringStep<Plan> {
  /** Computes the edit from the working tree's model; throws UsageError/FindingsError to refuse. */
  plan(model: ConsortiumModel, context: PlanContext): Plan | Promise<Plan>;
  changesOf(plan: Plan): FileChanges;
  /** Runs after the checks pass and before the repository is written (org init writes its keys here). */
  beforeWrite?(plan: Plan): Promise<{ undo(): Promise<void> }>;
  readonly dryRun?: boolean;
}

export async function runAuthoring<Plan>(
  services: AuthoringServices,
  step: AuthoringStep<Plan>,
): Promise<AuthoringResult<Plan>> {
  const base = await services.loadModel(services.reader);
  const loadErrors = base.diagnostics.filter((d) => d.severity === 'error');
  if (base.model.consortium === undefined) {
    throw new FindingsError(
      `${services.repoDir} is not a consortium repository (consortium/consortium.yaml did not load):\n` +
        `${listDiagnostics(loadErrors)}\nRun the command at the repository root or pass --repo DIR; nothing was written.`,
    );
  }
  const committed = await services.loadCommitted();
  let plan: Plan;
  try {
    plan = await step.plan(base.model, { committed: committed?.model ?? base.model });
  } catch (error) {
    // "No channel X" is misleading when channels/X/channel.yaml exists but did not load: say why.
    if (!(error instanceof FindingsError) || loadErrors.length === 0) throw error;
    throw new FindingsError(
      `${error.message}\nThe repository has files that did not load; fix them first (see \`consortium validate\`):\n${listDiagnostics(loadErrors)}`,
    );
  }
  const changes = step.changesOf(plan);
  const proposed = overlayReader(services.reader, changes);

  const after = await services.validate(proposed);
  // A channel on the ledger that the edit changes needs a config update next: that is the
  // following step (`channel update`), not a reason to refuse the edit, so it is shown as a warning.
  const pendingUpdate = (d: Diagnostic) => d.rule === CHANNEL_LEDGER_RULE;
  const errors = after.diagnostics.filter((d) => d.severity === 'error' && !pendingUpdate(d));
  if (errors.length > 0) {
    const before = (await services.validate(services.reader)).diagnostics;
    // Errors the repository already had are named apart, so nobody blames the edit for them.
    const known = new Set(before.filter((d) => d.severity === 'error').map(diagnosticKey));
    const lines = errors.map(
      (d) =>
        `  ${d.file}:${d.line}:${d.column} ${d.rule}: ${d.message}${known.has(diagnosticKey(d)) ? ' (already there before this change)' : ''}`,
    );
    throw new FindingsError(`the change would not validate, so nothing was written:\n${lines.join('\n')}`);
  }
  const approvals = await services.previewApprovals({
    before: base.model,
    head: after.model,
    headReader: proposed,
    changes,
  });
  // The pending update is said as the next step (which update, who signs), not as a warning.
  const warnings = [
    ...after.diagnostics.filter((d) => d.severity === 'warning'),
    ...checkChaincodeNearNames(base.model, after.model),
  ];
  const ledgerUpdates = after.diagnostics.some(pendingUpdate)
    ? await services.planLedgerUpdates(proposed, after.model)
    : [];
  if (step.dryRun === true) {
    const paths = listChangedPaths(changes);
    return { plan, written: paths.written, deleted: paths.deleted, warnings, approvals, ledgerUpdates, dryRun: true };
  }
  const undo = step.beforeWrite === undefined ? undefined : await step.beforeWrite(plan);
  try {
    const applied = await applyFileChanges(services.repoDir, changes);
    return {
      plan,
      written: applied.written,
      deleted: applied.deleted,
      warnings,
      approvals,
      ledgerUpdates,
      dryRun: false,
    };
  } catch (error) {
    await undo?.undo();
    throw error;
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.rule}\0${d.file}\0${d.message}`;
}

function listDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const shown = diagnostics.slice(0, 5).map((d) => `  ${d.file}:${d.line}:${d.column} ${d.rule}: ${d.message}`);
  if (diagnostics.length > 5) shown.push(`  ... and ${diagnostics.length - 5} more`);
  return shown.join('\n');
}
