// Plain HTTPS to a test API server with the admin client certificate: what the harness uses to
// probe /readyz and what smoke tests use to speak to the API without any client library. An API
// server reached with other credentials (a user's cluster whose kubeconfig runs an exec plugin) is
// spoken to through `kubectl proxy` on a Unix socket, which holds those credentials.
import { request as requestHttp, type IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';

export interface KubeEndpoint {
  readonly server: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** An API server behind `kubectl proxy --unix-socket`: plain HTTP on a socket only its owner can open. */
export interface KubeProxyEndpoint {
  readonly socketPath: string;
}

/** Either way to reach an API server with the rights of a cluster administrator. */
export type KubeApi = KubeEndpoint | KubeProxyEndpoint;

export interface KubeRequestOptions {
  readonly method?: string;
  /** Path and query, e.g. '/api/v1/namespaces?limit=10'. */
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly timeoutMs?: number;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: string;
}

export async function requestKube(endpoint: KubeApi, options: KubeRequestOptions): Promise<KubeResponse> {
  const url = new URL(options.path, 'socketPath' in endpoint ? 'http://localhost' : endpoint.server);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  const common = {
    method: options.method ?? 'GET',
    headers,
    // No keep-alive: a pooled socket would outlive the test and hold the runner open.
    agent: false,
    timeout: options.timeoutMs ?? 10_000,
  } as const;
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    };
    const req =
      'socketPath' in endpoint
        ? requestHttp(url, { ...common, socketPath: endpoint.socketPath }, onResponse)
        : request(
            url,
            {
              ...common,
              ca: readFileSync(endpoint.caFile),
              cert: readFileSync(endpoint.certFile),
              key: readFileSync(endpoint.keyFile),
            },
            onResponse,
          );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url.href} timed out`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
