// Kubeconfig and in-cluster credentials -> one connection. Parsed with the `yaml` package: no
// source positions are needed, but it is already the project's YAML reader for untrusted files
// and handles kubeconfigs written by any tool (flow style, anchors).
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from '../../errors.ts';

export interface KubeConnection {
  readonly contextName: string;
  readonly server: string;
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
  readonly token?: string;
  readonly insecureSkipTlsVerify: boolean;
  /** Namespace the context names, when it names one. */
  readonly namespace?: string;
}

interface RawNamed<T> {
  readonly name?: unknown;
  readonly [key: string]: unknown;
  readonly value?: T;
}

export interface LoadKubeconfigOptions {
  readonly path: string;
  /** Context to use; undefined: the kubeconfig's current-context. */
  readonly context?: string;
}

/** Names of the contexts a kubeconfig defines. */
export async function listKubeconfigContexts(path: string): Promise<string[]> {
  const doc = await readKubeconfig(path);
  return asArray(doc['contexts']).flatMap((entry) => (typeof entry['name'] === 'string' ? [entry['name']] : []));
}

export async function loadKubeconfig(options: LoadKubeconfigOptions): Promise<KubeConnection> {
  const doc = await readKubeconfig(options.path);
  const base = dirname(options.path);
  const contextName = options.context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : '');
  if (contextName === '') throw new UsageError(`${options.path}: no context given and no current-context set`);
  const context = findNamed(doc['contexts'], contextName, 'context');
  if (context === undefined) {
    throw new UsageError(
      `${options.path}: no context named "${contextName}" (pass --context, or name the context after the org's cluster.name)`,
    );
  }
  const clusterName = stringField(context, 'cluster');
  const userName = stringField(context, 'user');
  const cluster = clusterName === undefined ? undefined : findNamed(doc['clusters'], clusterName, 'cluster');
  if (cluster === undefined) throw new UsageError(`${options.path}: context "${contextName}" names no known cluster`);
  const user = userName === undefined ? {} : (findNamed(doc['users'], userName, 'user') ?? {});
  const server = stringField(cluster, 'server');
  if (server === undefined) throw new UsageError(`${options.path}: cluster "${clusterName}" has no server`);
  const ca = await readBytes(cluster, 'certificate-authority', base);
  const cert = await readBytes(user, 'client-certificate', base);
  const key = await readBytes(user, 'client-key', base);
  let token = stringField(user, 'token');
  const tokenFile = stringField(user, 'tokenFile');
  if (token === undefined && tokenFile !== undefined)
    token = (await readFile(resolvePath(base, tokenFile), 'utf8')).trim();
  if (user['exec'] !== undefined || user['auth-provider'] !== undefined) {
    if (cert === undefined && token === undefined) {
      throw new UsageError(
        `${options.path}: user "${userName ?? ''}" uses an exec/auth-provider plugin; give the reconcile a client certificate or a bearer token (a ServiceAccount token) instead`,
      );
    }
  }
  const namespace = stringField(context, 'namespace');
  return {
    contextName,
    server: server.replace(/\/+$/, ''),
    ...(ca === undefined ? {} : { ca }),
    ...(cert === undefined ? {} : { cert }),
    ...(key === undefined ? {} : { key }),
    ...(token === undefined ? {} : { token }),
    insecureSkipTlsVerify: cluster['insecure-skip-tls-verify'] === true,
    ...(namespace === undefined ? {} : { namespace }),
  };
}

/** Credentials of a Pod's ServiceAccount (the in-cluster CronJob). `env` comes from the CLI. */
export async function loadInClusterConnection(
  env: Readonly<Record<string, string | undefined>>,
): Promise<KubeConnection> {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  if (host === undefined || host === '')
    throw new UsageError('not running in a cluster (KUBERNETES_SERVICE_HOST unset); pass --kubeconfig');
  const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
  const [token, ca] = await Promise.all([readFile(`${dir}/token`, 'utf8'), readFile(`${dir}/ca.crt`)]);
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    contextName: 'in-cluster',
    server: `https://${hostPart}:${port}`,
    ca,
    token: token.trim(),
    insecureSkipTlsVerify: false,
  };
}

async function readKubeconfig(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read kubeconfig ${path}: ${(error as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new UsageError(`${path}: not valid YAML: ${(error as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${path}: not a kubeconfig`);
  return doc as Record<string, unknown>;
}

function asArray(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object')
    : [];
}

function findNamed(list: unknown, name: string, field: string): Record<string, unknown> | undefined {
  const entry = asArray(list).find((e: RawNamed<unknown>) => e.name === name);
  const inner = entry?.[field];
  return inner !== null && typeof inner === 'object' ? (inner as Record<string, unknown>) : undefined;
}

function stringField(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function resolvePath(base: string, path: string): string {
  return isAbsolute(path) ? path : resolve(base, path);
}

async function readBytes(obj: Record<string, unknown>, key: string, base: string): Promise<Buffer | undefined> {
  const data = stringField(obj, `${key}-data`);
  if (data !== undefined) return Buffer.from(data, 'base64');
  const path = stringField(obj, key);
  return path === undefined ? undefined : readFile(resolvePath(base, path));
}
