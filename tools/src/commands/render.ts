// `consortium render`: validate the repository, render each member's manifests, refuse a shrink
// of any persistent volume against the previous output, and replace each member's directory
// atomically (written beside it, then renamed into place), so a reader of DIR/<org>/ sees the old
// set or the new set, never a mixture.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { loadRepository } from '../model/load-repository.ts';
import { loadMemberScope } from '../model/load-member-scope.ts';
import { makeDirectories } from '../adapters/make-directories.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { renderConsortium, renderConsortiumConfigtx, KUSTOMIZATION_FILE } from '../render/render-consortium.ts';
import { GENERATED_HEADER } from '../render/serialize.ts';
import { findStorageShrinks, PVC_FILE_PREFIX, type StorageShrink } from '../render/storage-shrink.ts';
import type { RenderedFile, RenderedMember } from '../render/types.ts';
import type { ChannelUpdateSubmission } from '../render/channel-update-jobs.ts';
import { readChannelSubmissions } from './channel-submissions.ts';

export interface RenderCommandOptions {
  readonly reader: RepoReader;
  /** Absolute output directory; DIR/<org-id>/ is written per member. */
  readonly outDir: string;
  /** Only these members (all when absent); other members' directories are left alone. */
  readonly orgs?: readonly string[];
  /** Clock for certificate validity during validation (the output never depends on it). */
  readonly now: Date;
  /** Also write each channel's configtxgen input to this directory (writeConfigtx). */
  readonly configtxDir?: string;
}

export interface ConfigtxSummary {
  readonly directory: string;
  readonly channels: readonly string[];
}

export interface RenderedMemberSummary {
  readonly org: string;
  readonly directory: string;
  readonly objects: number;
  /** Objects per Kubernetes kind. */
  readonly kinds: Readonly<Record<string, number>>;
  readonly files: readonly string[];
}

export interface RenderCommandResult {
  readonly outDir: string;
  readonly members: readonly RenderedMemberSummary[];
  /** Directories of members no longer in the repository, removed from the output. */
  readonly removed: readonly string[];
  /** Present when --configtx was given. */
  readonly configtx?: ConfigtxSummary;
}

function formatErrors(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `  ${d.file}:${d.line}:${d.column} ${d.message} [${d.rule}]`).join('\n');
}

async function readMemberFiles(dir: string): Promise<RenderedFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: RenderedFile[] = [];
  for (const name of names) {
    if (!name.startsWith(PVC_FILE_PREFIX)) continue;
    files.push({ path: name, content: await readFile(join(dir, name), 'utf8') });
  }
  return files;
}

function describeShrinks(outDir: string, org: string, shrinks: readonly StorageShrink[]): string[] {
  return shrinks.map((s) => `  ${join(outDir, org, s.file)}: ${s.claim} would shrink from ${s.previous} to ${s.next}`);
}

/** Whether `dir` holds a member directory this command wrote (never delete anything else). */
async function isRenderedDirectory(dir: string): Promise<boolean> {
  const text = await readFile(join(dir, KUSTOMIZATION_FILE), 'utf8').catch(() => undefined);
  return text?.startsWith(GENERATED_HEADER) === true;
}

function writeDirectoryAtomically(outDir: string, name: string, files: readonly RenderedFile[]): string {
  const target = join(outDir, name);
  // Beside the target, so the final rename stays on one file system and is atomic.
  const staging = mkdtempSync(join(outDir, `.${name}.rendering-`));
  const previous = `${staging}-previous`;
  try {
    writeFilesSync(staging, files);
    let hadPrevious = true;
    try {
      renameSync(target, previous);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadPrevious = false;
    }
    try {
      renameSync(staging, target);
    } catch (error) {
      // Put the previous set back rather than leave the member without one.
      if (hadPrevious) renameSync(previous, target);
      throw error;
    }
    if (hadPrevious) rmSync(previous, { recursive: true, force: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/**
 * A member's files into `dir`, each sub-directory created once. Synchronous on purpose: a member is
 * hundreds of small files, and the promise versions spend most of their time in thread-pool round
 * trips (open, write, close, and a mkdir per file), which made writing the largest part of
 * `render --org`.
 */
function writeFilesSync(dir: string, files: readonly RenderedFile[]): void {
  const created = new Set<string>([dir]);
  for (const file of files) {
    const path = join(dir, file.path);
    const parent = dirname(path);
    if (!created.has(parent)) {
      mkdirSync(parent, { recursive: true });
      created.add(parent);
    }
    writeFileSync(path, file.content);
  }
}

/**
 * `render --configtx DIR`: each channel's configtxgen input, DIR/<channel>/ replaced atomically.
 * Consortium-level and written once per channel, for operators who cross-check a genesis block
 * with Fabric's configtxgen; members apply the committed genesis block instead.
 */
export async function writeConfigtx(options: {
  readonly model: ConsortiumModel;
  readonly dir: string;
}): Promise<ConfigtxSummary> {
  const byChannel = new Map<string, RenderedFile[]>();
  for (const file of renderConsortiumConfigtx(options.model)) {
    const slash = file.path.indexOf('/');
    const channel = file.path.slice(0, slash);
    const files = byChannel.get(channel) ?? [];
    files.push({ path: file.path.slice(slash + 1), content: file.content });
    byChannel.set(channel, files);
  }
  await createOutputDirectory(options.dir, '--configtx');
  for (const [channel, files] of byChannel) writeDirectoryAtomically(options.dir, channel, files);
  return { directory: options.dir, channels: [...byChannel.keys()] };
}

function countKinds(member: RenderedMember): Record<string, number> {
  const kinds: Record<string, number> = {};
  for (const file of member.files) {
    const match = /^kind: (\S+)$/m.exec(file.content);
    if (
      match?.[1] === undefined ||
      file.path === KUSTOMIZATION_FILE ||
      !file.path.endsWith('.yaml') ||
      file.path.includes('/')
    )
      continue;
    kinds[match[1]] = (kinds[match[1]] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Creates --out (and its parents), or fails at once with a usage error. Also called before the
 * repository is loaded, so a wrong --out is reported before any work is done.
 */
export async function createOutputDirectory(outDir: string, flag = '--out'): Promise<void> {
  await makeDirectories(outDir).catch((error: unknown) => {
    // Nothing has been written yet: a wrong --out is the user's to fix, not a crash.
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file is in the way (it, or one of its parents, is not a directory)'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'not writable'
          : code === 'ENOENT'
            ? 'cannot be created there (its parent does not accept new directories)'
            : String(error);
    throw new UsageError(`${flag} ${outDir}: ${why}; pass a directory to write into`);
  });
}

/**
 * Every member: the whole repository, validated as `consortium validate` does, but only errors
 * decide here: warnings are neither sorted nor located in their files (reportAt finds a position
 * when it is first read). Some members (`--org`, a member's scheduled job) without --configtx:
 * only what they render and reference, each document checked as it is loaded
 * (load-member-scope.ts); the repository-wide rules are the pull-request check's.
 */
async function loadForRender(options: RenderCommandOptions): Promise<{ model: ConsortiumModel; errors: Diagnostic[] }> {
  if (options.orgs !== undefined && options.configtxDir === undefined) {
    const loaded = await loadMemberScope(options.reader, options.orgs);
    if (loaded.unknown.length > 0) {
      throw new FindingsError(
        `no member organization ${loaded.unknown.map((id) => `"${id}"`).join(', ')} (orgs/<id>/org.yaml); members: ${loaded.orgIds.join(', ')}`,
      );
    }
    return { model: loaded.model, errors: loaded.diagnostics.filter((d) => d.severity === 'error') };
  }
  // The rules (and the Fabric code some use) are loaded only here: `render --org` never needs them.
  const [{ runRules }, { createRuleContext }] = await Promise.all([
    import('../rules/index.ts'),
    import('../rules/context.ts'),
  ]);
  const loaded = await loadRepository(options.reader);
  const ruleDiagnostics = runRules(createRuleContext({ model: loaded.model, now: options.now }));
  return {
    model: loaded.model,
    errors: [...loaded.diagnostics, ...ruleDiagnostics].filter((d) => d.severity === 'error'),
  };
}

export async function renderRepository(options: RenderCommandOptions): Promise<RenderCommandResult> {
  const { model, errors } = await loadForRender(options);
  if (errors.length > 0) {
    const { sortDiagnostics } = await import('./validate.ts');
    throw new FindingsError(
      `${options.reader.description} does not validate, so nothing was rendered; fix these errors (see \`consortium validate\`):\n${formatErrors(sortDiagnostics(errors))}`,
    );
  }
  const result = await writeRenderedModel({
    model,
    outDir: options.outDir,
    ...(options.orgs === undefined ? {} : { orgs: options.orgs }),
    channelUpdates: await readChannelSubmissions(options.reader, model, options.now),
  });
  if (options.configtxDir === undefined) return result;
  return { ...result, configtx: await writeConfigtx({ model, dir: options.configtxDir }) };
}

/**
 * The writing half of `render`, for callers that have already validated the model (`main`):
 * render, refuse volume shrinks against the previous output, replace each member's directory.
 */
export async function writeRenderedModel(options: {
  readonly model: ConsortiumModel;
  readonly outDir: string;
  readonly orgs?: readonly string[];
  /** Committed channel updates to render submission Jobs for (readChannelSubmissions). */
  readonly channelUpdates?: readonly ChannelUpdateSubmission[];
}): Promise<RenderCommandResult> {
  const members = renderConsortium(options.model, {
    ...(options.orgs === undefined ? {} : { orgs: options.orgs }),
    ...(options.channelUpdates === undefined ? {} : { channelUpdates: options.channelUpdates }),
  });

  const problems: string[] = [];
  for (const member of members) {
    const previous = await readMemberFiles(join(options.outDir, member.org));
    problems.push(...describeShrinks(options.outDir, member.org, findStorageShrinks(previous, member.files)));
  }
  if (problems.length > 0) {
    throw new FindingsError(
      `refusing to shrink persistent volumes (Kubernetes cannot shrink a PersistentVolumeClaim; the ledger would have to be rebuilt):\n${problems.join('\n')}\n` +
        'Restore the previous size in the repository, or migrate the data to a new volume first.',
    );
  }

  await createOutputDirectory(options.outDir);
  const summaries: RenderedMemberSummary[] = [];
  for (const member of members) {
    const directory = writeDirectoryAtomically(options.outDir, member.org, member.files);
    summaries.push({
      org: member.org,
      directory,
      objects: member.objectCount,
      kinds: countKinds(member),
      files: member.files.map((f) => f.path),
    });
  }

  const removed: string[] = [];
  if (options.orgs === undefined) {
    const current = new Set(options.model.orgs.map((org) => org.id));
    for (const entry of await readdir(options.outDir, { withFileTypes: true })) {
      const dir = join(options.outDir, entry.name);
      if (!entry.isDirectory() || entry.name.startsWith('.') || current.has(entry.name)) continue;
      if (await isRenderedDirectory(dir)) {
        rmSync(dir, { recursive: true, force: true });
        removed.push(dir);
      }
    }
  }
  return { outDir: options.outDir, members: summaries, removed: removed.sort() };
}
