// `consortium validate`: load one revision of the repository, run the semantic rules, and return
// every finding in a deterministic order. Pure apart from reading through the injected RepoReader.
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import { loadRepository } from '../model/load-repository.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { createRuleContext } from '../rules/context.ts';
import { runRules } from '../rules/index.ts';
import { findPrivateKeys } from '../rules/no-private-key.ts';
import { checkChannelLedgerConfig } from '../rules/channel-ledger-config.ts';
import { loadChannelLedgers } from '../model/load-channel-ledger.ts';
import { buildChannelConfig } from '../fabric/config/build-channel-config.ts';

export interface ValidateOptions {
  readonly reader: RepoReader;
  /** The clock for certificate validity. */
  readonly now: Date;
}

export interface ValidateResult {
  /** True when there is no error (warnings allowed). */
  readonly ok: boolean;
  /** Sorted by file, line, column, rule, message. */
  readonly diagnostics: readonly Diagnostic[];
  /** The loaded model, for callers that go on to render or report status. */
  readonly model: ConsortiumModel;
}

export async function validateRepository(options: ValidateOptions): Promise<ValidateResult> {
  const loaded = await loadRepository(options.reader);
  const opaque = await scanOpaqueFilesForKeys(options.reader, loaded.model);
  const ledger = checkChannelLedgerConfig({
    model: loaded.model,
    ledgers: await loadChannelLedgers(options.reader),
    desiredConfig: buildChannelConfig,
  });
  const { ok, diagnostics } = validateModel({
    model: loaded.model,
    now: options.now,
    loadDiagnostics: [...loaded.diagnostics, ...opaque, ...ledger],
  });
  return { ok, diagnostics, model: loaded.model };
}

/** The semantic half of validation, for callers that already hold a model (governance, tests). */
export function validateModel(options: {
  readonly model: ConsortiumModel;
  readonly now: Date;
  readonly loadDiagnostics?: readonly Diagnostic[];
}): { ok: boolean; diagnostics: Diagnostic[] } {
  const ruleDiagnostics = runRules(createRuleContext({ model: options.model, now: options.now }));
  const diagnostics = sortDiagnostics([...(options.loadDiagnostics ?? []), ...ruleDiagnostics]);
  return { ok: !diagnostics.some((d) => d.severity === 'error'), diagnostics };
}

/** Files above this size are reported as unchecked rather than read whole. */
const maxScannedBytes = 64 * 1024 * 1024;

/**
 * The loader keeps no text for binary, non-UTF-8 or large files, so the no-private-key rule cannot
 * see them; without this, one stray invalid byte would hide a key. Each such file is read on its
 * own (never all at once) and searched as latin1, which keeps the ASCII armour intact.
 */
async function scanOpaqueFilesForKeys(reader: RepoReader, model: ConsortiumModel): Promise<Diagnostic[]> {
  const found: Diagnostic[] = [];
  for (const file of model.files) {
    if (file.text !== undefined) continue;
    if (file.size > maxScannedBytes) {
      found.push({
        rule: 'no-private-key',
        severity: 'error',
        file: file.path,
        line: 1,
        column: 1,
        message: `${file.path} is ${Math.round(file.size / 1024 / 1024)} MiB, too large to check for private keys`,
        hint: 'Keep large binaries out of the consortium repository (publish them as a release or an image).',
      });
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await reader.readFile(file.path);
    } catch {
      continue; // The loader has reported the file as unreadable.
    }
    found.push(...findPrivateKeys({ path: file.path, text: bytes.toString('latin1') }));
  }
  return found;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deterministic order: file, line, column, rule, then message (two findings of one rule at one place). */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.rule, b.rule) ||
      compare(a.severity, b.severity) ||
      compare(a.message, b.message),
  );
}
