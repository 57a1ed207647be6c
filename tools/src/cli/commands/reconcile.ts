import { hostname, homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { write, type CliIo } from '../io.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { UsageError } from '../../errors.ts';
import { loadInClusterCredentials, loadKubeconfigCredentials } from '../load-kube-credentials.ts';
import { runReconcileCommand, type ReconcileCommandResult } from '../../commands/reconcile.ts';
import { formatPlanText, formatReconcileText } from '../../reconcile/format-text.ts';
import { createProgressDisplay } from '../../reconcile/progress.ts';

export const reconcileOptions = {
  repo: { type: 'string' },
  format: { type: 'string' },
  org: { type: 'string' },
  all: { type: 'boolean' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  from: { type: 'string' },
  'force-conflicts': { type: 'boolean' },
  'prune-volumes': { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  parallelism: { type: 'string' },
  verbose: { type: 'boolean' },
} as const;

export const sharedUsage = `  --org ID            one member organization
  --all               every member (one cluster each; several at once, see --parallelism)
  --kubeconfig FILE   default: $KUBECONFIG, else ~/.kube/config; inside a Pod without either,
                      the Pod's ServiceAccount
  --context NAME      kubeconfig context (with --org); default: the org's cluster.name
  --from DIR          read manifests written by \`consortium render --out DIR\` instead of
                      rendering the repository in-process
  --force-conflicts   take fields another field manager owns back
  --prune-volumes     also delete Namespaces and PersistentVolumeClaims that are no longer rendered
  --parallelism N     clusters at once (default 4)
  --repo DIR          repository (default: current directory)
  --format text|json  json: the full plan and report
  --verbose           list unchanged objects too`;

const usage = `Usage: consortium reconcile (--org ID | --all) [options]

Converges each member's cluster to its rendered manifests: server-side apply under the field
manager "consortium-gitops", prune of objects this tool created and no longer renders, drift
correction. --dry-run shows the plan instead (same as \`consortium plan\`).

${sharedUsage}
  --dry-run           plan only

Exit codes: 0 converged, 1 a cluster failed (the report says what was and was not applied),
2 usage; with --dry-run as \`consortium plan\` (3: changes pending).`;

export const command: CliCommand = {
  name: 'reconcile',
  summary: 'converge each member cluster to its rendered manifests',
  usage,
  options: reconcileOptions,
  run: (argv, io) => runReconcileCli(argv, io, 'apply'),
};

export async function runReconcileCli(
  argv: readonly string[],
  io: CliIo,
  requested: 'plan' | 'apply',
): Promise<ExitCode> {
  const { values } = parseCommandArgs(argv, reconcileOptions);
  const format = parseFormat(values.format, ['text', 'json']);
  const mode = requested === 'plan' || values['dry-run'] === true ? 'plan' : 'apply';
  const parallelism = values.parallelism === undefined ? 4 : Number(values.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1)
    throw new UsageError(`--parallelism must be a positive whole number (got "${values.parallelism}")`);
  const kubeconfig = values.kubeconfig ?? firstPath(io.env['KUBECONFIG']);
  const inCluster = kubeconfig === undefined && (io.env['KUBERNETES_SERVICE_HOST'] ?? '') !== '';
  const kubeconfigPath = resolve(io.cwd, kubeconfig ?? join(io.env['HOME'] ?? homedir(), '.kube', 'config'));
  const credentials = inCluster
    ? () => Promise.resolve(loadInClusterCredentials(io.env))
    : () => loadKubeconfigCredentials(kubeconfigPath);
  const repo = resolve(io.cwd, values.repo ?? '.');
  // Progress goes to standard error, drawn in place, only when that is a terminal: a CI log
  // (and a script reading the JSON on standard output) gets the result alone.
  const progress = io.isTty ? createProgressDisplay(io.stderr, true) : undefined;
  const result = await runReconcileCommand({
    repo,
    ...(values.org === undefined ? {} : { org: values.org }),
    all: values.all === true,
    ...(values.from === undefined ? {} : { from: resolve(io.cwd, values.from) }),
    mode,
    credentials,
    ...(values.context === undefined ? {} : { context: values.context }),
    forceConflicts: values['force-conflicts'] === true,
    pruneVolumes: values['prune-volumes'] === true,
    now: io.now,
    holder:
      io.env['GITHUB_RUN_ID'] !== undefined
        ? `github-run-${io.env['GITHUB_RUN_ID']}`
        : `${io.env['HOSTNAME'] ?? hostname()}-${process.pid}`,
    parallelism,
    ...(progress === undefined ? {} : { onProgress: progress.update }),
  });
  progress?.finish();
  if (format === 'json') write(io.stdout, JSON.stringify(toJson(result), null, 2));
  else
    write(
      io.stdout,
      mode === 'plan'
        ? formatPlanText(result.results, { verbose: values.verbose === true })
        : formatReconcileText(result.results),
    );
  if (!result.ok) return ExitCode.findings;
  return mode === 'plan' && result.changesPending ? ExitCode.changesPending : ExitCode.ok;
}

function firstPath(value: string | undefined): string | undefined {
  const first = value?.split(process.platform === 'win32' ? ';' : ':').find((p) => p !== '');
  return first;
}

/** The report as JSON: everything but the objects themselves (they may hold Secret data). */
export function toJson(result: ReconcileCommandResult): unknown {
  return {
    mode: result.mode,
    ok: result.ok,
    changesPending: result.changesPending,
    clusters: result.results.map((r) => ({
      ...r,
      plan:
        r.plan === undefined
          ? undefined
          : {
              member: r.plan.member,
              pruneRefused: r.plan.pruneRefused,
              items: r.plan.items.map(({ desired: _desired, ...item }) => item),
              inventory: r.plan.inventoryAfter.entries,
            },
    })),
  };
}
