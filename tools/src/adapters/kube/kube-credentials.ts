// Who we are to an API server and how to reach it, from @kubernetes/client-node's KubeConfig:
// the kubeconfig semantics every platform team's file relies on (exec credential plugins such as
// `aws eks get-token` or `kubelogin`, cached until the credential expires; auth-provider OIDC;
// proxy-url; tls-server-name; inline or file certificates; in-cluster ServiceAccounts with
// rotating tokens). The requests themselves stay on our raw-JSON transport (http-transport.ts):
// before each one it asks for the current TLS material and Authorization header.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { KubeApiError } from '../kube.ts';

/** One context's connection: where the API server is, and credentials fresh for each request. */
export interface KubeConnection {
  readonly contextName: string;
  readonly server: string;
  /** Namespace the context names, when it names one. */
  readonly namespace?: string;
  /** The agent (TLS identity, proxy) and headers for the next request; may run an exec plugin. */
  prepareRequest(): Promise<{ readonly agent: HttpAgent; readonly headers: Readonly<Record<string, string>> }>;
  close(): void;
}

/** Every context a kubeconfig (or the Pod's ServiceAccount) offers. */
export interface KubeCredentials {
  /** For messages: "kubeconfig /home/ops/.kube/config" or "the Pod's ServiceAccount". */
  readonly source: string;
  /** Context names; the in-cluster credentials have exactly one. */
  readonly contexts: readonly string[];
  /** The Pod's ServiceAccount: one identity for whichever member the Pod reconciles. */
  readonly inCluster: boolean;
  /** The named context, or the current one. */
  connect(context?: string, options?: { readonly maxSockets?: number }): KubeConnection;
}

/** `config` is loaded by the composition root (a file, a string, or the Pod's ServiceAccount). */
export function kubeCredentialsFrom(
  config: KubeConfig,
  source: string,
  options: { readonly inCluster?: boolean } = {},
): KubeCredentials {
  return {
    source,
    contexts: config.getContexts().map((c) => c.name),
    inCluster: options.inCluster === true,
    connect: (context, options) => connectContext(config, context ?? config.getCurrentContext(), source, options),
  };
}

function connectContext(
  config: KubeConfig,
  contextName: string,
  source: string,
  options: { readonly maxSockets?: number } = {},
): KubeConnection {
  const context = config.getContextObject(contextName);
  if (context === null) throw new KubeApiError(`${source}: no context named "${contextName}"`);
  // A KubeConfig per connection: the library reads the *current* context on every call, and
  // members are reconciled in parallel.
  const own = new KubeConfig();
  own.addAuthenticator(tokenFileAuthenticator);
  own.loadFromOptions({
    clusters: config.clusters,
    users: config.users,
    contexts: config.contexts,
    currentContext: contextName,
  });
  const cluster = own.getCurrentCluster();
  if (cluster === null) throw new KubeApiError(`${source}: context "${contextName}" names no known cluster`);
  const user = own.getCurrentUser();
  let pooled: { key: string; agent: HttpAgent } | undefined;
  // One credential lookup at a time: the library caches an exec plugin's credential only once a
  // run has finished, so concurrent first requests would each start the plugin.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    contextName,
    server: cluster.server.replace(/\/+$/, ''),
    ...(context.namespace === undefined ? {} : { namespace: context.namespace }),
    async prepareRequest() {
      const request: RequestOptions = { headers: {} };
      const applied = queue.then(() => own.applyToHTTPSOptions(request));
      queue = applied.catch(() => undefined);
      try {
        await applied;
      } catch (error) {
        throw new KubeApiError(credentialFailure(source, contextName, user, error), { cause: error });
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers ?? {})) {
        if (typeof value === 'string') headers[name.toLowerCase()] = value;
      }
      if (typeof request.auth === 'string')
        headers['authorization'] = `Basic ${Buffer.from(request.auth).toString('base64')}`;
      // The library builds a fresh agent each time; keep one pooled agent per TLS identity
      // (an exec plugin may hand out a new client certificate when the old one expires).
      const key = identityKey(request);
      const offered = request.agent as HttpAgent | undefined;
      if (pooled?.key !== key) {
        pooled?.agent.destroy();
        pooled = {
          key,
          agent:
            cluster.proxyUrl === undefined && cluster.server.startsWith('https:')
              ? new HttpsAgent({
                  keepAlive: true,
                  maxSockets: options.maxSockets ?? 16,
                  ...tlsOptions(request),
                })
              : (offered as HttpAgent),
        };
      }
      if (offered !== undefined && offered !== pooled.agent) offered.destroy();
      return { agent: pooled.agent, headers };
    },
    close() {
      pooled?.agent.destroy();
      pooled = undefined;
    },
  };
}

function tlsOptions(request: RequestOptions): AgentOptions {
  const out: AgentOptions = {};
  if (request.ca !== undefined) out.ca = request.ca;
  if (request.cert !== undefined) out.cert = request.cert;
  if (request.key !== undefined) out.key = request.key;
  if (request.servername !== undefined) out.servername = request.servername;
  if (request.rejectUnauthorized !== undefined) out.rejectUnauthorized = request.rejectUnauthorized;
  return out;
}

function identityKey(request: RequestOptions): string {
  const hash = createHash('sha256');
  for (const part of [request.ca, request.cert, request.key, request.servername, String(request.rejectUnauthorized)]) {
    hash.update(
      part === undefined ? '-' : typeof part === 'string' || Buffer.isBuffer(part) ? part : JSON.stringify(part),
    );
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** What failed, in the plugin's own words (an exec plugin's stderr is the library's message). */
function credentialFailure(
  source: string,
  context: string,
  user: { name: string; exec?: unknown } | null,
  error: unknown,
): string {
  const exec = user?.exec as { command?: unknown } | undefined;
  const what =
    exec !== undefined
      ? `the exec credential plugin "${String(exec.command)}" of user "${user?.name ?? ''}" failed`
      : `getting credentials of user "${user?.name ?? ''}" failed`;
  const detail = (error instanceof Error ? error.message : String(error)).trim() || '(no message)';
  return `${source}, context "${context}": ${what}: ${detail}`;
}

/**
 * kubectl's `tokenFile` (the library knows only `token-file`, read once): the file is read for
 * every request, so a rotated token is used at once. See tokenFileUser.
 */
const TOKEN_FILE_PROVIDER = 'consortium-token-file';

const tokenFileAuthenticator = {
  isAuthProvider: (user: { authProvider?: { name?: string } }) => user.authProvider?.name === TOKEN_FILE_PROVIDER,
  async applyAuthentication(
    user: { authProvider?: { config?: { path?: string } } },
    opts: { headers?: Record<string, unknown> },
  ): Promise<void> {
    const path = user.authProvider?.config?.path ?? '';
    const token = (await readFile(path, 'utf8')).trim();
    opts.headers = { ...opts.headers, Authorization: `Bearer ${token}` };
  },
};

/** A kubeconfig user with kubectl's `tokenFile`, resolved against the kubeconfig's directory. */
export function tokenFileUser<U extends { readonly name: string }>(user: U, path: string): U {
  return { ...user, authProvider: { name: TOKEN_FILE_PROVIDER, config: { path } } };
}
