// Behaviour a real API server will not show on demand: throttling, 5xx, dropped connections,
// paginated and malformed lists. A local HTTP server plays the API server for these cases only;
// everything else is tested against real API servers (test/reconcile/*.cluster.test.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpKubeClient } from '../../../tools/src/adapters/kube/http-kube-client.ts';
import { KubeApiError } from '../../../tools/src/adapters/kube.ts';
import { plainHttpConnection } from '../../support/kube-connection.ts';

const configMaps = { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true };
const fastRetry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
let server: Server | undefined;

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, res, body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

afterEach(async () => {
  await new Promise<void>((r) => (server === undefined ? r() : server.close(() => r())));
  server = undefined;
});

describe('HTTP kube client', () => {
  it('follows continue tokens and fills in apiVersion/kind of list items', async () => {
    const seen: string[] = [];
    const url = await serve((req, res) => {
      seen.push(req.url ?? '');
      const token = new URL(req.url ?? '', 'http://x').searchParams.get('continue');
      if (token === null) json(res, 200, { items: [{ metadata: { name: 'a' } }], metadata: { continue: 'page2' } });
      else json(res, 200, { items: [{ metadata: { name: 'b' } }], metadata: {} });
    });
    const kube = createHttpKubeClient(plainHttpConnection(url), { retry: fastRetry });
    const items = await kube.list({
      type: configMaps,
      namespace: 'ns',
      labelSelector: 'consortium-gitops.io/member=acme',
    });
    kube.close();
    expect(items.map((i) => `${i.apiVersion} ${i.kind} ${i.metadata.name}`)).toEqual([
      'v1 ConfigMap a',
      'v1 ConfigMap b',
    ]);
    expect(seen[0]).toContain(
      '/api/v1/namespaces/ns/configmaps?labelSelector=consortium-gitops.io%2Fmember%3Dacme&limit=500',
    );
    expect(seen[1]).toContain('continue=page2');
  });

  it('fails a list whose continuation expired instead of returning part of it', async () => {
    const url = await serve((req, res) => {
      const token = new URL(req.url ?? '', 'http://x').searchParams.get('continue');
      if (token === null) json(res, 200, { items: [{ metadata: { name: 'a' } }], metadata: { continue: 'old' } });
      else json(res, 410, { kind: 'Status', reason: 'Expired', message: 'The provided continue parameter is too old' });
    });
    const kube = createHttpKubeClient(plainHttpConnection(url), { retry: fastRetry });
    await expect(kube.list({ type: configMaps, namespace: 'ns' })).rejects.toThrow(/too old/);
    kube.close();
  });

  it('retries 429, 503 and dropped connections, then succeeds, counting every attempt', async () => {
    let calls = 0;
    const url = await serve((req, res) => {
      calls++;
      if (calls === 1) json(res, 429, { kind: 'Status', reason: 'TooManyRequests', message: 'slow down' });
      else if (calls === 2) req.socket.destroy();
      else if (calls === 3) json(res, 503, { kind: 'Status', message: 'unavailable' });
      else json(res, 200, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' } });
    });
    const kube = createHttpKubeClient(plainHttpConnection(url), { retry: fastRetry });
    const applied = await kube.apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'ns' } },
      { type: configMaps, fieldManager: 'm', force: false, dryRun: false },
    );
    expect(applied.metadata.name).toBe('a');
    expect(kube.requestCounts()).toMatchObject({ total: 4, writes: 4, byVerb: { PATCH: 4 } });
    kube.close();
  });

  it('sends server-side apply as JSON with the field manager, force and dry run, and reports conflicts as Status', async () => {
    let request: { url: string; contentType: string; body: string } | undefined;
    const url = await serve((req, res, body) => {
      request = { url: req.url ?? '', contentType: String(req.headers['content-type']), body };
      json(res, 409, {
        kind: 'Status',
        reason: 'Conflict',
        message: 'conflict',
        details: { causes: [{ type: 'FieldManagerConflict', message: 'conflict with "x"', field: '.data.a' }] },
      });
    });
    const kube = createHttpKubeClient(plainHttpConnection(url), { retry: fastRetry });
    const object = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'ns' },
      data: { unknownToTypedClients: 'kept' },
    };
    const error = await kube
      .apply(object, { type: configMaps, fieldManager: 'consortium-gitops', force: true, dryRun: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KubeApiError);
    expect((error as KubeApiError).details?.causes?.[0]?.field).toBe('.data.a');
    expect(request?.url).toBe(
      '/api/v1/namespaces/ns/configmaps/a?fieldManager=consortium-gitops&force=true&dryRun=All',
    );
    expect(request?.contentType).toBe('application/apply-patch+yaml');
    expect(JSON.parse(request?.body ?? '')).toEqual(object);
    expect(kube.requestCounts()).toMatchObject({ total: 1, writes: 0, dryRuns: 1 });
    kube.close();
  });

  it('gives up after the last attempt when the server stays down', async () => {
    const url = await serve((_req, res) => json(res, 500, { kind: 'Status', message: 'etcd unavailable' }));
    const kube = createHttpKubeClient(plainHttpConnection(url), { retry: fastRetry });
    await expect(kube.get({ type: configMaps, namespace: 'ns', name: 'a' })).rejects.toThrow(/etcd unavailable/);
    expect(kube.requestCounts().total).toBe(4);
    kube.close();
  });
});
