// The harness's parts that do not need the control-plane binaries: binary lookup, readiness
// waiting, kubeconfig writing, the control endpoint and the memory probe.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { locateBinaries, readVersions } from './binaries.ts';
import { startControlServer } from './control-server.ts';
import type { ControlPlane } from './harness.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { measureGroupRss } from './memory.ts';
import { createClusterPki } from './pki.ts';
import { waitFor } from './wait.ts';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'harness-parts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('locating the control-plane binaries', () => {
  it('reads the pinned versions', () => {
    const versions = readVersions();
    expect(versions.kube).toMatch(/^v1\.\d+\.\d+$/);
    expect(versions.etcd).toMatch(/^v3\.\d+\.\d+$/);
  });

  it('says which files are missing and how to build them', () => {
    const lookup = locateBinaries({ env: { CONSORTIUM_CACHE_DIR: join(work, 'empty-cache') } });
    expect(lookup.found).toBe(false);
    if (!lookup.found) {
      expect(lookup.reason).toContain(
        join(work, 'empty-cache', `kube-${readVersions().kube}`, 'bin', 'kube-apiserver'),
      );
      expect(lookup.reason).toContain('test/cluster/build.sh');
    }
  });

  it('finds an override directory only when every binary in it is executable', () => {
    const dir = mkdtempSync(join(work, 'override-'));
    for (const name of ['kube-apiserver', 'kube-controller-manager', 'etcd']) {
      writeFileSync(join(dir, name), '#!/bin/sh\n');
      chmodSync(join(dir, name), 0o755);
    }
    const found = locateBinaries({ env: { CONSORTIUM_KUBE_BIN_DIR: dir } });
    expect(found.found && found.binaries.etcd).toBe(join(dir, 'etcd'));
    chmodSync(join(dir, 'etcd'), 0o644);
    const notExecutable = locateBinaries({ env: { CONSORTIUM_KUBE_BIN_DIR: dir } });
    expect(notExecutable.found).toBe(false);
  });
});

describe('waiting for a component', () => {
  it('fails with what was awaited, why, and the tail of its log', async () => {
    const attempt = waitFor({
      what: 'kube-apiserver of cluster x',
      timeoutMs: 300,
      intervalMs: 50,
      check: () => Promise.reject(new Error('connect ECONNREFUSED')),
      logTail: () => 'E0101 bind: address already in use',
    });
    await expect(attempt).rejects.toThrow(
      /kube-apiserver of cluster x: not ready after 0s \(last error: connect ECONNREFUSED\)\n--- log tail ---\nE0101 bind/,
    );
  });

  it('gives up at the first check once the component has exited', async () => {
    let checks = 0;
    const check = () => Promise.resolve(++checks < 0);
    await expect(waitFor({ what: 'etcd', timeoutMs: 60_000, check, failed: () => 'etcd exited' })).rejects.toThrow(
      'etcd: etcd exited',
    );
    expect(checks).toBe(1);
  });

  it('returns once the check passes', async () => {
    let calls = 0;
    await waitFor({ what: 'x', timeoutMs: 5_000, intervalMs: 10, check: () => Promise.resolve(++calls === 3) });
    expect(calls).toBe(3);
  });
});

describe('kubeconfig files', () => {
  it('are read by kubectl with one context per cluster and embedded credentials', async () => {
    const dir = mkdtempSync(join(work, 'pki-'));
    const pki = await createClusterPki({ dir, clusterName: 'a', serviceIp: '10.0.0.1' });
    const file = join(dir, 'kubeconfig');
    const entry = { caPem: pki.caPem, certPem: pki.adminCertPem, keyPem: pki.adminKeyPem };
    await writeKubeconfig(file, [
      { name: 'a', server: 'https://127.0.0.1:1111', ...entry },
      { name: 'b', server: 'https://127.0.0.1:2222', ...entry },
    ]);
    const { stdout } = await run('kubectl', [
      '--kubeconfig',
      file,
      '--context',
      'b',
      'config',
      'view',
      '--minify',
      '--raw',
      '-o',
      'json',
    ]);
    const view = JSON.parse(stdout) as {
      'current-context': string;
      clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
      users: { user: { 'client-certificate-data': string } }[];
    };
    expect(view.clusters[0]?.cluster.server).toBe('https://127.0.0.1:2222');
    expect(Buffer.from(view.clusters[0]?.cluster['certificate-authority-data'] ?? '', 'base64').toString()).toBe(
      pki.caPem,
    );
    expect(Buffer.from(view.users[0]?.user['client-certificate-data'] ?? '', 'base64').toString()).toBe(
      pki.adminCertPem,
    );
  });
});

describe('the control endpoint', () => {
  const calls: string[] = [];
  const plane = {
    stopApiServer: (name: string) => {
      calls.push(`stop ${name}`);
      return Promise.resolve();
    },
    startApiServer: (name: string) => {
      calls.push(`start ${name}`);
      return name === 'broken'
        ? Promise.reject(new Error('kube-apiserver of cluster broken: the process exited'))
        : Promise.resolve();
    },
  } as unknown as ControlPlane;

  it('stops, starts and restarts an API server, and reports failures', async () => {
    const control = await startControlServer(plane);
    try {
      expect((await fetch(`${control.url}/clusters/b/stop`, { method: 'POST' })).status).toBe(204);
      expect((await fetch(`${control.url}/clusters/b/restart`, { method: 'POST' })).status).toBe(204);
      expect(calls).toEqual(['stop b', 'stop b', 'start b']);
      const failed = await fetch(`${control.url}/clusters/broken/start`, { method: 'POST' });
      expect(failed.status).toBe(500);
      expect(await failed.text()).toContain('the process exited');
    } finally {
      await control.close();
    }
  });

  it('refuses requests without the token', async () => {
    const control = await startControlServer(plane);
    try {
      const base = control.url.slice(0, control.url.lastIndexOf('/'));
      expect((await fetch(`${base}/clusters/b/stop`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${control.url}/clusters/b/stop`)).status).toBe(404);
    } finally {
      await control.close();
    }
  });
});

describe('memory probe', () => {
  it('sums the resident memory of a process group', async () => {
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const rss = measureGroupRss([child.pid ?? -1]);
      expect(rss).toBeGreaterThan(100 * 1024);
      expect(rss).toBeLessThan(100 * 2 ** 20);
      expect(measureGroupRss([])).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
