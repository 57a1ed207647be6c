// `consortium plan` and `consortium reconcile`: which members, their desired objects (rendered
// in-process from the model, or read from a directory written by `consortium render`), their
// clusters, and the per-cluster results. Typed options in, result object out; the CLI formats.
import { createFilesystemReader } from '../adapters/filesystem.ts';
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { KubeClient, KubeObject } from '../adapters/kube.ts';
import { createHttpKubeClient } from '../adapters/kube/http-kube-client.ts';
import type { KubeCredentials } from '../adapters/kube/kube-credentials.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { closestName } from '../model/closest-name.ts';
import { loadRepository } from '../model/load-repository.ts';
import type { ConsortiumModel, Organization } from '../model/types.ts';
import type { ApplyProgress } from '../reconcile/apply.ts';
import {
  listRenderedOrgs,
  objectsFromRenderedFiles,
  readRenderedDirectory,
  type RenderedFileText,
} from '../reconcile/desired.ts';
import { ownerAnnotation } from '../reconcile/ownership.ts';
import { reconcileMember, type MemberResult } from '../reconcile/reconcile-member.ts';
import { runBounded } from '../reconcile/run-clusters.ts';
import { requireConsortiumRepository } from './require-repository.ts';

export interface ReconcileCommandOptions {
  readonly repo: string;
  /** One org id; undefined with `all`. */
  readonly org?: string;
  readonly all?: boolean;
  /** Read rendered manifests from DIR/<org>/ instead of rendering in-process. */
  readonly from?: string;
  readonly mode: 'plan' | 'apply';
  /**
   * Each member's credentials: a kubeconfig's contexts (loaded by the CLI), or the Pod's
   * ServiceAccount. Loaded once the command line and the repository have been checked.
   */
  readonly credentials: () => Promise<KubeCredentials>;
  /** Context for a single org; default: the org's cluster.name. */
  readonly context?: string;
  readonly forceConflicts?: boolean;
  readonly pruneVolumes?: boolean;
  readonly now: () => Date;
  readonly holder: string;
  /** Clusters reconciled at once (default 4). */
  readonly parallelism?: number;
  readonly onProgress?: (progress: ApplyProgress) => void;
}

export interface MemberSource {
  readonly member: string;
  readonly owner: string;
  readonly namespace: string;
  readonly context: string;
  readonly desired: readonly KubeObject[];
}

export interface ReconcileCommandResult {
  readonly mode: 'plan' | 'apply';
  readonly results: readonly MemberResult[];
  /** Every cluster reachable and every write (or dry run) succeeded. */
  readonly ok: boolean;
  readonly changesPending: boolean;
}

export async function runReconcileCommand(options: ReconcileCommandOptions): Promise<ReconcileCommandResult> {
  if (options.org !== undefined && options.all === true)
    throw new UsageError('pass either --org ID or --all, not both');
  if (options.org === undefined && options.all !== true) throw new UsageError('pass --org ID (one member) or --all');
  if (options.context !== undefined && options.all === true)
    throw new UsageError('--context names one cluster: use it with --org');
  // With --from the manifests come from a directory; the repository is read only if it is there.
  if (options.from === undefined) await requireConsortiumRepository(options.repo);
  const sources = await loadMemberSources(options);
  const credentials = await options.credentials();
  if (!credentials.inCluster) requireContexts(credentials, sources);
  const results = await runBounded(sources, options.parallelism ?? 4, (source) =>
    reconcileSource(source, credentials, options),
  );
  return {
    mode: options.mode,
    results,
    ok: results.every((r) => r.status !== 'failed' && r.status !== 'locked'),
    changesPending: results.some((r) => r.status === 'changes-pending'),
  };
}

/**
 * A context the kubeconfig does not define is the same kind of mistake as a missing kubeconfig:
 * a usage error naming every missing context (and the closest one it has), before any cluster is
 * contacted, rather than one failed cluster per member.
 */
function requireContexts(credentials: KubeCredentials, sources: readonly MemberSource[]): void {
  const { contexts } = credentials;
  const missing = sources.filter((s) => !contexts.includes(s.context));
  if (missing.length === 0) return;
  const lines = missing.map((s) => {
    const guess = closestName(s.context, contexts);
    return `  ${s.member}: no context "${s.context}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`;
  });
  throw new UsageError(
    `${credentials.source} lacks the context of ${missing.length === 1 ? 'a member' : `${missing.length} members`}:\n${lines.join('\n')}\n` +
      `it defines: ${contexts.join(', ') || '(none)'}; name each member's context after its org.yaml cluster.name, or pass --context NAME with --org`,
  );
}

async function reconcileSource(
  source: MemberSource,
  credentials: KubeCredentials,
  options: ReconcileCommandOptions,
): Promise<MemberResult> {
  let kube: (KubeClient & { close(): void }) | undefined;
  try {
    kube = createHttpKubeClient(credentials.connect(credentials.inCluster ? undefined : source.context));
    return await reconcileMember(
      { member: source.member, owner: source.owner, namespace: source.namespace, desired: source.desired, kube },
      {
        mode: options.mode,
        forceConflicts: options.forceConflicts === true,
        pruneVolumes: options.pruneVolumes === true,
        now: options.now,
        holder: options.holder,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      },
    );
  } catch (error) {
    return {
      member: source.member,
      cluster: source.context,
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      requests: { total: 0, writes: 0, dryRuns: 0, byVerb: {} },
      durationMs: 0,
    };
  } finally {
    kube?.close();
  }
}

export async function loadMemberSources(options: ReconcileCommandOptions): Promise<MemberSource[]> {
  const model = await loadModelIfPresent(options.repo, options.from === undefined);
  const consortiumName = model?.consortium?.name;
  let orgIds: string[];
  if (options.org !== undefined) orgIds = [options.org];
  else if (options.from !== undefined) {
    const from = options.from;
    orgIds = await listRenderedOrgs(from).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : String(error);
      throw new UsageError(`--from ${from}: ${why}; pass the directory \`consortium render --out DIR\` wrote`);
    });
  } else orgIds = (model?.orgs ?? []).map((o) => o.id);
  if (orgIds.length === 0) throw new FindingsError('no member organizations to reconcile');

  const renderedInProcess =
    options.from === undefined ? await renderInProcess(options.repo, model!, orgIds, options.now()) : undefined;
  const sources: MemberSource[] = [];
  for (const id of orgIds) {
    const org: Organization | undefined = model?.orgs.find((o) => o.id === id);
    if (model !== undefined && options.from === undefined && org === undefined)
      throw new UsageError(`no member organization "${id}" in ${options.repo}`);
    let files: readonly RenderedFileText[];
    if (options.from !== undefined) {
      try {
        files = await readRenderedDirectory(options.from, id);
      } catch (error) {
        throw new UsageError(
          `cannot read rendered manifests of "${id}" under ${options.from}: ${(error as Error).message}`,
        );
      }
    } else {
      files = renderedInProcess?.get(id) ?? [];
    }
    let desired: KubeObject[];
    try {
      desired = objectsFromRenderedFiles(files);
    } catch (error) {
      throw new FindingsError(`rendered manifests of "${id}": ${(error as Error).message}`);
    }
    const namespaceObjects = desired.filter((o) => o.kind === 'Namespace');
    const namespace =
      org?.cluster.namespace ?? (namespaceObjects.length === 1 ? namespaceObjects[0]?.metadata.name : undefined);
    if (namespace === undefined)
      throw new FindingsError(
        `cannot tell the namespace of member "${id}": render exactly one Namespace, or run from the repository`,
      );
    const renderedOwner = desired.map((o) => o.metadata.annotations?.[ownerAnnotation]).find((v) => v !== undefined);
    sources.push({
      member: id,
      owner: renderedOwner ?? (consortiumName === undefined ? id : `${consortiumName}/${id}`),
      namespace,
      context: options.context ?? org?.cluster.name ?? id,
      desired,
    });
  }
  return sources;
}

async function loadModelIfPresent(repo: string, required: boolean): Promise<ConsortiumModel | undefined> {
  try {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(repo));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (required && (errors.length > 0 || model.consortium === undefined)) {
      const first = errors[0];
      throw new FindingsError(
        `the repository does not load (${errors.length} errors${first === undefined ? '' : `; first: ${first.file}:${first.line}: ${first.message}`}); run \`consortium validate\``,
      );
    }
    return model.consortium === undefined ? undefined : model;
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
}

interface RenderedMemberLike {
  readonly org: string;
  readonly files: readonly RenderedFileText[];
}

/**
 * The renderer, loaded when needed so `consortium plan --from DIR` does not pay for it. It renders
 * what `consortium render` writes, the submission Jobs of the committed channel updates included:
 * without them a member reconciling from the repository would never submit a merged update.
 */
async function renderInProcess(
  repo: string,
  model: ConsortiumModel,
  orgs: readonly string[],
  now: Date,
): Promise<Map<string, readonly RenderedFileText[]>> {
  // Literal specifiers: the compiled toolkit (tools/bin/build-compiled-cli.mjs) bundles only the
  // imports it can see.
  const mod = (await import('../render/render-consortium.ts')) as {
    renderConsortium?: (
      m: ConsortiumModel,
      o: { orgs: readonly string[]; channelUpdates: readonly unknown[] },
    ) => unknown;
  };
  const submissions = (await import('./channel-submissions.ts')) as {
    readChannelSubmissions?: (reader: RepoReader, m: ConsortiumModel, now: Date) => Promise<readonly unknown[]>;
  };
  if (mod.renderConsortium === undefined || submissions.readChannelSubmissions === undefined)
    throw new UsageError(
      'this build cannot render in-process; pass --from DIR (written by `consortium render --out DIR`)',
    );
  const channelUpdates = await submissions.readChannelSubmissions(createFilesystemReader(repo), model, now);
  const rendered = mod.renderConsortium(model, { orgs, channelUpdates });
  const members: readonly RenderedMemberLike[] = Array.isArray(rendered)
    ? rendered
    : ((rendered as { members?: RenderedMemberLike[] }).members ?? []);
  return new Map(members.map((m) => [m.org, m.files]));
}
