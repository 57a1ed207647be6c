// Plain HTTPS to a test API server with the admin client certificate: what the harness uses to
// probe /readyz and what smoke tests use to speak to the API without any client library.
import { request } from 'node:https';
import { readFileSync } from 'node:fs';

export interface KubeEndpoint {
  readonly server: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

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

export async function requestKube(endpoint: KubeEndpoint, options: KubeRequestOptions): Promise<KubeResponse> {
  const url = new URL(options.path, endpoint.server);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        headers,
        ca: readFileSync(endpoint.caFile),
        cert: readFileSync(endpoint.certFile),
        key: readFileSync(endpoint.keyFile),
        // No keep-alive: a pooled socket would outlive the test and hold the runner open.
        agent: false,
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url.href} timed out`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}
