// One HTTP(S) connection pool to one API server: authentication, retries with backoff for
// transient failures (429, 5xx, connection resets), and request counting.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import { KubeApiError, type KubeStatusDetails, type RequestCounts } from '../kube.ts';
import type { KubeConnection } from './kube-credentials.ts';

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly accept?: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: unknown;
}

export interface RetryPolicy {
  /** Attempts in total, first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 3_000 };

const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

export class HttpTransport {
  readonly #connection: KubeConnection;
  readonly #retry: RetryPolicy;
  readonly #timeoutMs: number;
  #counts = { total: 0, writes: 0, dryRuns: 0, byVerb: {} as Record<string, number> };

  /** The connection's agent pool (keep-alive, TLS identity, proxy) serves every request. */
  constructor(connection: KubeConnection, options: { retry?: RetryPolicy; timeoutMs?: number } = {}) {
    this.#connection = connection;
    this.#retry = options.retry ?? defaultRetryPolicy;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
  }

  counts(): RequestCounts {
    return {
      total: this.#counts.total,
      writes: this.#counts.writes,
      dryRuns: this.#counts.dryRuns,
      byVerb: { ...this.#counts.byVerb },
    };
  }

  close(): void {
    this.#connection.close();
  }

  /** Sends the request, retrying transient failures; non-2xx answers throw KubeApiError. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.#retry.attempts; attempt++) {
      try {
        // Credentials first, outside the retries of the request: a failing exec plugin is not transient.
        const prepared = await this.#connection.prepareRequest();
        const response = await this.#sendOnce(req, prepared);
        if (response.status >= 200 && response.status < 300) return response;
        const error = toApiError(req, response);
        if (!isRetriableStatus(response.status) || attempt === this.#retry.attempts) throw error;
        lastError = error;
        await sleep(this.#delay(attempt, response));
      } catch (error) {
        if (error instanceof KubeApiError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (!transientCodes.has(code) || attempt === this.#retry.attempts) {
          throw new KubeApiError(`${req.method} ${req.path}: ${(error as Error).message}`, { cause: error });
        }
        lastError = error;
        await sleep(this.#delay(attempt, undefined));
      }
    }
    throw new KubeApiError(`${req.method} ${req.path}: gave up`, { cause: lastError });
  }

  #delay(attempt: number, response: HttpResponse | undefined): number {
    const retryAfter =
      response === undefined ? undefined : (response as HttpResponse & { retryAfter?: number }).retryAfter;
    if (retryAfter !== undefined) return Math.min(retryAfter * 1000, this.#retry.maxDelayMs * 4);
    const exp = Math.min(this.#retry.baseDelayMs * 2 ** (attempt - 1), this.#retry.maxDelayMs);
    // Jitter spreads retries of concurrent requests so they do not arrive together.
    return exp / 2 + Math.random() * (exp / 2);
  }

  #sendOnce(
    req: HttpRequest,
    prepared: { readonly agent: HttpAgent; readonly headers: Readonly<Record<string, string>> },
  ): Promise<HttpResponse & { retryAfter?: number }> {
    const url = new URL(this.#connection.server + req.path);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), 'utf8');
    const headers: Record<string, string> = {
      ...prepared.headers,
      accept: req.accept ?? 'application/json',
      'user-agent': 'consortium-gitops',
    };
    if (body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = String(body.length);
    }
    this.#count(req, url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolvePromise, reject) => {
      const request = send(
        url,
        { method: req.method, headers, agent: prepared.agent, timeout: this.#timeoutMs },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const contentType = String(res.headers['content-type'] ?? '');
            let parsed: unknown = text;
            if (contentType.includes('json') && text !== '') {
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = text;
              }
            }
            const retryAfterHeader = Number(res.headers['retry-after']);
            resolvePromise({
              status: res.statusCode ?? 0,
              contentType,
              body: parsed,
              ...(Number.isFinite(retryAfterHeader) && retryAfterHeader > 0 ? { retryAfter: retryAfterHeader } : {}),
            });
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })),
      );
      request.on('error', reject);
      request.end(body);
    });
  }

  #count(req: HttpRequest, url: URL): void {
    const c = this.#counts;
    c.total++;
    c.byVerb[req.method] = (c.byVerb[req.method] ?? 0) + 1;
    if (req.method === 'GET') return;
    if (url.searchParams.get('dryRun') === 'All') c.dryRuns++;
    else c.writes++;
  }
}

function isRetriableStatus(status: number): boolean {
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

function toApiError(req: HttpRequest, response: HttpResponse): KubeApiError {
  const body = response.body;
  if (body !== null && typeof body === 'object' && (body as { kind?: unknown }).kind === 'Status') {
    const s = body as { message?: string; reason?: string; details?: KubeStatusDetails };
    return new KubeApiError(s.message ?? `${req.method} ${req.path}: HTTP ${response.status}`, {
      status: response.status,
      ...(s.reason === undefined ? {} : { reason: s.reason }),
      ...(s.details === undefined ? {} : { details: s.details }),
    });
  }
  const text = typeof body === 'string' ? body.slice(0, 200) : '';
  return new KubeApiError(`${req.method} ${req.path}: HTTP ${response.status} ${text}`.trim(), {
    status: response.status,
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
