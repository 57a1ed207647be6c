// A user's cluster as the cluster of the end-to-end test, named by a kubeconfig
// (CONSORTIUM_E2E_KUBECONFIG, user-cluster-env.ts): a kind cluster on a laptop, a managed cluster,
// or the test node started outside the test. Its credentials may be of any kind, so the members'
// contexts reuse the user's own cluster and user entries (`kubectl config view --flatten
// --minify`), and the test's reads go through `kubectl proxy` (kubectl-proxy.ts). The sample
// client runs on this machine and reaches the gateway at the address the user gives, or else the
// address in the members' Gateway's status. After the test the members' namespaces are deleted.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { requestKube, type KubeApi } from '../cluster/kube-request.ts';
import { waitFor } from '../cluster/wait.ts';
import { getObject } from '../node/apply.ts';
import { locateFabricImages } from '../node/fabric-images.ts';
import type { E2eCluster, E2eClusterLookup, E2eFootprint } from './e2e-cluster.ts';
import { startKubectlProxy, type KubectlProxy } from './kubectl-proxy.ts';
import type { MemberCluster } from './members-kubeconfig.ts';
import { checkUserCluster } from './user-cluster-checks.ts';
import { parseUserClusterEnv, USER_CLUSTER_VARIABLES as V } from './user-cluster-env.ts';

const run = promisify(execFile);

/** The part of `kubectl config view -o json` used here. */
export interface KubeconfigView {
  readonly clusters?: readonly { readonly name: string; readonly cluster: unknown }[];
  readonly users?: readonly { readonly name: string; readonly user: unknown }[];
  readonly contexts?: readonly {
    readonly name: string;
    readonly context: { readonly cluster: string; readonly user: string };
  }[];
  readonly 'current-context'?: string;
}

/**
 * The members' kubeconfig from the user's minified, flattened view (one context, its cluster and
 * user, credentials embedded): one context per member, every one naming the user's own cluster
 * and user entries unchanged, exec plugins included.
 */
export function membersKubeconfigFrom(view: KubeconfigView, contexts: readonly string[]): Record<string, unknown> {
  const [context] = view.contexts ?? [];
  if (context === undefined || view.contexts?.length !== 1)
    throw new Error('expected a minified kubeconfig view with exactly one context');
  const cluster = view.clusters?.find((c) => c.name === context.context.cluster);
  const user = view.users?.find((u) => u.name === context.context.user);
  if (cluster === undefined) throw new Error(`context ${context.name} names no cluster of the kubeconfig`);
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [cluster],
    users: user === undefined ? [] : [user],
    contexts: contexts.map((name) => ({ name, context: { cluster: cluster.name, user: context.context.user } })),
    'current-context': contexts[0] ?? '',
  };
}

export async function locateKubeconfigCluster(
  env: NodeJS.ProcessEnv,
  footprint: E2eFootprint,
): Promise<E2eClusterLookup> {
  const parsed = parseUserClusterEnv(env, locateFabricImages(env));
  const named = env[V.kubeconfig] ?? '';
  if (!parsed.ok) return { found: false, where: `the cluster of ${named}`, reason: parsed.reason };
  const { config } = parsed;
  const where = `${config.context === undefined ? 'the current context' : `context ${config.context}`} of ${config.kubeconfig}`;
  const notRun = (reason: string): E2eClusterLookup => ({ found: false, where, reason });
  if (!existsSync(config.kubeconfig)) return notRun(`${V.kubeconfig}=${config.kubeconfig}: no such file`);

  let view: KubeconfigView;
  try {
    const { stdout } = await run(
      'kubectl',
      [
        'config',
        'view',
        '--flatten',
        '--minify',
        '--kubeconfig',
        config.kubeconfig,
        ...(config.context === undefined ? [] : ['--context', config.context]),
        '-o',
        'json',
      ],
      { timeout: 30_000 },
    );
    view = JSON.parse(stdout) as KubeconfigView;
  } catch (error) {
    const e = error as { code?: string; stderr?: string };
    return notRun(
      e.code === 'ENOENT' ? 'kubectl is not on PATH' : `kubectl config view: ${(e.stderr ?? String(error)).trim()}`,
    );
  }

  let proxy: KubectlProxy;
  try {
    proxy = await startKubectlProxy({ kubeconfig: config.kubeconfig, context: config.context });
  } catch (error) {
    return notRun(`the cluster does not answer: ${(error as Error).message}`);
  }
  const api = proxy.endpoint;
  const checked = await checkUserCluster(api, config, footprint).catch((e: unknown) => ({
    ok: false as const,
    reason: `checking the cluster failed: ${String(e)}`,
  }));
  if (!checked.ok) {
    await proxy.stop();
    return notRun(checked.reason);
  }

  const cluster: E2eCluster = {
    description: where,
    api,
    gatewayClassName: checked.gatewayClassName,
    storageClass: checked.storageClass,
    images: config.images,
    async writeMembersKubeconfig(file, members) {
      const kubeconfig = membersKubeconfigFrom(
        view,
        members.map((m) => m.context),
      );
      await writeFile(file, stringify(kubeconfig), { mode: 0o600 });
    },
    async clientRoute(members) {
      const gatewayAddress = config.gatewayAddress ?? (await gatewayStatusAddress(api, members));
      if (gatewayAddress === undefined)
        throw new Error(
          `no member's Gateway reports an address in its status, and ${V.gatewayAddress} is not set: ` +
            'set it to where this machine reaches the gateway (ADDRESS[:PORT], e.g. a LoadBalancer address, ' +
            'or 127.0.0.1:8443 with `kubectl port-forward` to the gateway Service port 443)',
        );
      return { prefix: [], gatewayAddress };
    },
    // Every namespace the test may have made, also when a step failed before its member was known.
    async close() {
      try {
        if (!config.keep) await deleteNamespaces(api, footprint.namespaces);
        else console.log(`kept on the cluster (${V.keep}): ${footprint.namespaces.join(', ')}`);
      } finally {
        await proxy.stop();
      }
    },
  };
  return { found: true, cluster };
}

interface GatewayList {
  readonly items: readonly { readonly status?: { readonly addresses?: readonly { readonly value?: string }[] } }[];
}

/** The first address a member's Gateway reports (a LoadBalancer's, or what the implementation publishes). */
async function gatewayStatusAddress(api: KubeApi, members: readonly MemberCluster[]): Promise<string | undefined> {
  for (const member of members) {
    const list = await getObject<GatewayList>(
      api,
      `/apis/gateway.networking.k8s.io/v1/namespaces/${member.namespace}/gateways`,
    );
    for (const gateway of list?.items ?? []) {
      const address = gateway.status?.addresses?.find((a) => (a.value ?? '') !== '')?.value;
      if (address !== undefined) return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    }
  }
  return undefined;
}

/** Deletes the namespaces and waits until they are gone, so the next run finds the cluster as this one did. */
async function deleteNamespaces(api: KubeApi, namespaces: readonly string[]): Promise<void> {
  for (const ns of namespaces) {
    // 404: never made; 409: already being deleted (the test's own clean-up asked first).
    const response = await requestKube(api, { method: 'DELETE', path: `/api/v1/namespaces/${ns}`, timeoutMs: 30_000 });
    if (response.status >= 300 && response.status !== 404 && response.status !== 409)
      throw new Error(`DELETE namespace ${ns}: HTTP ${response.status} ${response.body}`);
  }
  let left: string[] = [];
  await waitFor({
    what: `namespaces ${namespaces.join(', ')} deleted`,
    timeoutMs: 300_000,
    intervalMs: 2_000,
    check: async () => {
      left = [];
      for (const ns of namespaces) if ((await getObject(api, `/api/v1/namespaces/${ns}`)) !== undefined) left.push(ns);
      return left.length === 0;
    },
    logTail: () => `still there: ${left.join(', ')}`,
  });
}
