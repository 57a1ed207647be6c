// The one place that reads kubeconfig files and the Pod's ServiceAccount: the CLI composition
// root. Everything after it sees KubeCredentials (adapters/kube/kube-credentials.ts).
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { kubeCredentialsFrom, tokenFileUser, type KubeCredentials } from '../adapters/kube/kube-credentials.ts';
import { UsageError } from '../errors.ts';

const FIX =
  "plan and reconcile talk to each member's Kubernetes API server: pass --kubeconfig FILE (or set KUBECONFIG) " +
  "whose context is named after the org's cluster.name, or choose one with --context NAME";

/**
 * A kubeconfig that is not there, or is not a kubeconfig, is a mistake in the command line, not a
 * failure of each member's cluster: say so once, before any cluster is contacted.
 */
export async function loadKubeconfigCredentials(path: string): Promise<KubeCredentials> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new UsageError(`kubeconfig ${path}: no such file; ${FIX}`);
  if (!info.isFile()) throw new UsageError(`kubeconfig ${path}: not a file; ${FIX}`);
  const config = new KubeConfig();
  try {
    // Relative certificate and token paths resolve against the file's directory, as kubectl does.
    config.loadFromFile(path);
  } catch (error) {
    throw new UsageError(`kubeconfig ${path}: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const tokenFiles = await readTokenFiles(path);
  if (tokenFiles.size > 0) {
    config.loadFromOptions({
      clusters: config.clusters,
      contexts: config.contexts,
      currentContext: config.getCurrentContext(),
      users: config.users.map((u) => {
        const file = tokenFiles.get(u.name);
        return file === undefined || u.token !== undefined ? u : tokenFileUser(u, file);
      }),
    });
  }
  return kubeCredentialsFrom(config, `kubeconfig ${path}`);
}

/** Users with kubectl's `tokenFile` (which the library does not read), by name, as absolute paths. */
async function readTokenFiles(path: string): Promise<Map<string, string>> {
  const doc = parse(await readFile(path, 'utf8')) as {
    users?: { name?: unknown; user?: { tokenFile?: unknown } }[];
  } | null;
  const files = new Map<string, string>();
  for (const entry of Array.isArray(doc?.users) ? doc.users : []) {
    const file = entry.user?.tokenFile;
    if (typeof entry.name === 'string' && typeof file === 'string' && file !== '')
      files.set(entry.name, resolve(dirname(path), file));
  }
  return files;
}

/** The Pod's ServiceAccount (the in-cluster CronJob); its token is re-read as it rotates. */
export function loadInClusterCredentials(env: Readonly<Record<string, string | undefined>>): KubeCredentials {
  if ((env['KUBERNETES_SERVICE_HOST'] ?? '') === '')
    throw new UsageError('not running in a cluster (KUBERNETES_SERVICE_HOST unset); pass --kubeconfig');
  const config = new KubeConfig();
  config.loadFromCluster();
  return kubeCredentialsFrom(config, "the Pod's ServiceAccount", { inCluster: true });
}
