// `consortium org secrets ID`: prints the member-provided Secrets and the enrollment Job's access
// as manifests (text: a YAML stream for `kubectl apply -f -`; json: the objects), or applies them
// with --kubeconfig (created when absent, replaced only when they differ).
import { resolve } from 'node:path';
import type { CliIo } from '../io.ts';
import { write } from '../io.ts';
import { ExitCode } from '../exit-codes.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { loadKubeconfigCredentials } from '../load-kube-credentials.ts';
import { ExternalServiceError, UsageError } from '../../errors.ts';
import { KubeApiError } from '../../adapters/kube.ts';
import { createHttpKubeClient } from '../../adapters/kube/http-kube-client.ts';
import { applyOrgSecrets, prepareOrgSecrets } from '../../commands/org-secrets.ts';
import { serializeYaml } from '../../render/serialize.ts';
import type { JsonValue } from '../../render/types.ts';

export const secretsOptions = {
  repo: { type: 'string' },
  format: { type: 'string' },
  'key-dir': { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
} as const;

export const secretsUsage = `  consortium org secrets ID [--key-dir DIR] [--kubeconfig FILE [--context NAME]]

secrets prints what the member provides to its cluster, from DIR/ID/ (what \`org init\` wrote):
the CA and TLS CA signing pairs (ca-ID-signing, ca-ID-tlsca-signing), the CA's TLS listener pair
(ca-ID-tls, issued by the TLS CA), the registrar (ca-ID-bootstrap) and CouchDB credentials
(generated once into DIR/ID/cluster-credentials.json), and the enrollment Job's ServiceAccount,
Role and RoleBinding with the empty Secrets that Job fills. Output holds private keys: pipe it to
\`kubectl apply -f -\`, never into a file in the repository. With --kubeconfig FILE it applies
them instead (context: --context, default the org's cluster.name): absent objects are created,
changed ones replaced, Secrets the enrollment Job filled are never touched. Run it again after
adding a peer or orderer (the Role names each Secret).`;

export async function runSecrets(
  argv: readonly string[],
  io: CliIo,
  defaultKeysRoot: (io: CliIo) => string,
): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, secretsOptions, { allowPositionals: true });
  const format = parseFormat(values.format, ['text', 'json']);
  const [id, ...extra] = positionals;
  if (id === undefined) throw new UsageError('expected the org ID: consortium org secrets ID');
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (values.context !== undefined && values.kubeconfig === undefined)
    throw new UsageError('--context chooses a context of --kubeconfig FILE: pass both');
  const keysRoot = values['key-dir'] === undefined ? defaultKeysRoot(io) : resolve(io.cwd, values['key-dir']);
  const repo = resolve(io.cwd, values.repo ?? '.');
  const now = io.now();
  const plan = await prepareOrgSecrets({ repo, org: id, keysRoot, now });
  const credentialsNote =
    plan.wroteCredentials === undefined
      ? []
      : [`generated credentials written to ${plan.wroteCredentials} (mode 0600)`];

  if (values.kubeconfig === undefined) {
    const objects = plan.objects.map((o) => o.object);
    if (format === 'json') {
      write(
        io.stdout,
        JSON.stringify({ ok: true, org: plan.org, namespace: plan.namespace, keyDir: plan.keyDir, objects }, null, 2),
      );
    } else {
      write(io.stdout, objects.map((o) => `---\n${serializeYaml(o as unknown as JsonValue)}`).join(''));
    }
    for (const line of credentialsNote) write(io.stderr, line);
    return ExitCode.ok;
  }

  const credentials = await loadKubeconfigCredentials(resolve(io.cwd, values.kubeconfig));
  const context = values.context ?? plan.context;
  if (!credentials.contexts.includes(context))
    throw new UsageError(
      `kubeconfig ${values.kubeconfig} has no context "${context}" (it defines: ${credentials.contexts.join(', ') || '(none)'}); pass --context NAME`,
    );
  const kube = createHttpKubeClient(credentials.connect(context));
  try {
    const results = await applyOrgSecrets(plan, kube, now).catch((error: unknown) => {
      if (!(error instanceof KubeApiError)) throw error;
      throw new ExternalServiceError(
        `Kubernetes API (${kube.description})`,
        `${error.message}; the kubeconfig's user needs to create and update Secrets, ServiceAccounts, Roles and RoleBindings in namespace ${plan.namespace} (which must exist: \`consortium reconcile --org ${plan.org}\` creates it)`,
        { ...(error.status === undefined ? {} : { status: error.status }), cause: error },
      );
    });
    if (format === 'json')
      write(
        io.stdout,
        JSON.stringify({ ok: true, org: plan.org, namespace: plan.namespace, context, results }, null, 2),
      );
    else {
      const lines = results.map((r) => `  ${r.action.padEnd(9)} ${r.kind}/${r.name}`);
      write(io.stdout, [`Org ${plan.org}: namespace ${plan.namespace} (context ${context})`, ...lines].join('\n'));
    }
    for (const line of credentialsNote) write(io.stderr, line);
    return ExitCode.ok;
  } finally {
    kube.close();
  }
}
