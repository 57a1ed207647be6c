// A fake GitHub REST API on 127.0.0.1 serving the few endpoints governance uses: a pull request,
// its files, commits and reviews (paginated like GitHub, with Link headers and the 3,000-file
// cap), issue comments, and check runs. Every response body is validated against GitHub's
// OpenAPI description (openapi-validator.ts); tests assert `violations` stays empty.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  buildCheckRun,
  buildCommit,
  buildDiffEntry,
  buildIssueComment,
  buildPullRequest,
  buildReview,
  buildUser,
  type CheckRun,
  type DiffEntry,
  type IssueComment,
  type PullRequestSpec,
  type ReviewSpec,
  type SimpleUser,
} from './payloads.ts';
import { createResponseValidator, type OperationId } from './openapi-validator.ts';

export interface FakePullRequest {
  spec: PullRequestSpec;
  files: { filename: string; status: DiffEntry['status']; previous_filename?: string }[];
  commits: { sha: string; author: SimpleUser | null }[];
  reviews: ReviewSpec[];
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly operation: OperationId | undefined;
  readonly status: number;
}

export interface FakeGithub {
  readonly url: string;
  readonly token: string;
  readonly owner: string;
  readonly repo: string;
  readonly botUser: SimpleUser;
  readonly pulls: Map<number, FakePullRequest>;
  readonly comments: Map<number, IssueComment[]>;
  readonly checkRuns: CheckRun[];
  readonly requests: RecordedRequest[];
  /** Responses that do not conform to GitHub's OpenAPI description. */
  readonly violations: string[];
  /** The next `times` requests whose path matches answer `status` (to exercise retries). */
  failNext(match: RegExp, status: number, times?: number): void;
  close(): Promise<void>;
}

const maxFiles = 3000;

export async function startFakeGithub(
  options: { owner?: string; repo?: string; token?: string } = {},
): Promise<FakeGithub> {
  const owner = options.owner ?? 'consortium';
  const repo = options.repo ?? 'governance';
  const token = options.token ?? 'ghs_fakeTokenForTests0000000000000000';
  const validator = createResponseValidator();
  const failures: { match: RegExp; status: number; times: number }[] = [];
  let nextId = 5000;
  const state = {
    pulls: new Map<number, FakePullRequest>(),
    comments: new Map<number, IssueComment[]>(),
    checkRuns: [] as CheckRun[],
    requests: [] as RecordedRequest[],
    violations: [] as string[],
  };
  const botUser = buildUser('github-actions[bot]', 41898282, 'Bot');
  let apiUrl = '';
  const full = `${owner}/${repo}`;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      send(res, 500, { message: error instanceof Error ? error.message : String(error) });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', apiUrl);
    const method = req.method ?? 'GET';
    const record = (operation: OperationId | undefined, status: number) =>
      state.requests.push({ method, path: url.pathname, operation, status });
    const failure = failures.find((f) => f.match.test(url.pathname) && f.times > 0);
    if (failure !== undefined) {
      failure.times -= 1;
      record(undefined, failure.status);
      return send(res, failure.status, { message: 'injected failure' });
    }
    if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`) {
      record(undefined, 401);
      return send(res, 401, { message: 'Bad credentials' });
    }
    const body = method === 'GET' ? undefined : await readJson(req);
    const prefix = `/repos/${full}`;
    if (!url.pathname.startsWith(`${prefix}/`)) {
      record(undefined, 404);
      return send(res, 404, { message: 'Not Found' });
    }
    const route = url.pathname.slice(prefix.length);
    const respond = (operation: OperationId, payload: unknown, extraHeaders: Record<string, string> = {}) => {
      const problems = validator.validate(operation, payload);
      state.violations.push(...problems);
      const status = validator.status(operation);
      record(operation, status);
      send(res, status, payload, extraHeaders);
    };
    const notFound = () => {
      record(undefined, 404);
      send(res, 404, { message: 'Not Found' });
    };
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = route.match(/^\/pulls\/(\d+)$/))) {
      const pr = state.pulls.get(Number(m[1]));
      if (pr === undefined) return notFound();
      return respond(
        'pulls/get',
        buildPullRequest(apiUrl, owner, repo, {
          ...pr.spec,
          changedFiles: pr.files.length,
          commits: pr.commits.length,
          comments: state.comments.get(pr.spec.number)?.length ?? 0,
        }),
      );
    }
    if (method === 'GET' && (m = route.match(/^\/pulls\/(\d+)\/(files|commits|reviews)$/))) {
      const pr = state.pulls.get(Number(m[1]));
      if (pr === undefined) return notFound();
      const number = pr.spec.number;
      if (m[2] === 'files') {
        const listed = pr.files.slice(0, maxFiles).map((f) => buildDiffEntry(apiUrl, full, f));
        return page(url, listed, (items, headers) => respond('pulls/list-files', items, headers), 30);
      }
      if (m[2] === 'commits') {
        const listed = pr.commits.slice(0, 250).map((c) => buildCommit(apiUrl, full, c.sha, c.author));
        return page(url, listed, (items, headers) => respond('pulls/list-commits', items, headers), 30);
      }
      const listed = pr.reviews.map((r) => buildReview(apiUrl, full, number, r));
      return page(url, listed, (items, headers) => respond('pulls/list-reviews', items, headers), 30);
    }
    if ((m = route.match(/^\/issues\/(\d+)\/comments$/))) {
      const number = Number(m[1]);
      if (!state.pulls.has(number)) return notFound();
      const list = state.comments.get(number) ?? [];
      if (method === 'GET')
        return page(url, list, (items, headers) => respond('issues/list-comments', items, headers), 30);
      if (method === 'POST') {
        const comment = buildIssueComment(apiUrl, full, number, {
          id: nextId++,
          user: botUser,
          body: stringField(body, 'body'),
          at: new Date().toISOString(),
        });
        list.push(comment);
        state.comments.set(number, list);
        return respond('issues/create-comment', comment);
      }
    }
    if (method === 'PATCH' && (m = route.match(/^\/issues\/comments\/(\d+)$/))) {
      for (const [number, list] of state.comments) {
        const index = list.findIndex((c) => c.id === Number(m?.[1]));
        const existing = list[index];
        if (existing === undefined) continue;
        if (existing.user?.login !== botUser.login) {
          record(undefined, 403);
          return send(res, 403, { message: 'Resource not accessible by integration' });
        }
        const updated = { ...existing, body: stringField(body, 'body'), updated_at: new Date().toISOString() };
        list[index] = updated;
        state.comments.set(number, list);
        return respond('issues/update-comment', updated);
      }
      return notFound();
    }
    if (method === 'POST' && route === '/check-runs') {
      const output = (body as { output?: { title?: string; summary?: string } } | undefined)?.output ?? {};
      const run = buildCheckRun(apiUrl, full, {
        id: nextId++,
        name: stringField(body, 'name'),
        headSha: stringField(body, 'head_sha'),
        conclusion: stringField(body, 'conclusion') as NonNullable<CheckRun['conclusion']>,
        title: output.title ?? '',
        summary: output.summary ?? '',
        at: new Date().toISOString(),
      });
      state.checkRuns.push(run);
      return respond('checks/create', run);
    }
    notFound();
  }

  /** GitHub's pagination: `per_page` (default 30, at most 100), `page`, and a Link header. */
  function page<T>(
    url: URL,
    items: readonly T[],
    respond: (items: T[], headers: Record<string, string>) => void,
    perPageDefault: number,
  ): void {
    const perPage = Math.min(
      100,
      Math.max(1, Number(url.searchParams.get('per_page') ?? perPageDefault) || perPageDefault),
    );
    const current = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const links: string[] = [];
    const at = (n: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(n));
      next.searchParams.set('per_page', String(perPage));
      return `<${next.toString()}>`;
    };
    if (current < last) links.push(`${at(current + 1)}; rel="next"`, `${at(last)}; rel="last"`);
    if (current > 1) links.push(`${at(1)}; rel="first"`, `${at(current - 1)}; rel="prev"`);
    respond(
      items.slice((current - 1) * perPage, current * perPage),
      links.length > 0 ? { link: links.join(', ') } : {},
    );
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: apiUrl,
    token,
    owner,
    repo,
    botUser,
    ...state,
    failNext(match, status, times = 1) {
      failures.push({ match, status, times });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function send(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function stringField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}
