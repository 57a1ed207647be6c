// Loading kubeconfigs through @kubernetes/client-node, as `consortium reconcile --kubeconfig`
// does: files relative to the kubeconfig, inline data, tls-server-name, every context listed.
// The exec plugin path runs against a real API server in exec-credentials.cluster.test.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKubeconfigCredentials } from '../../../tools/src/cli/load-kube-credentials.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
writeFileSync(join(dir, 'ca.pem'), 'CA-PEM');
writeFileSync(join(dir, 'token'), 'file-token\n');
const path = join(dir, 'config');
writeFileSync(
  path,
  `apiVersion: v1
kind: Config
current-context: acme-prod
clusters:
  - name: acme
    cluster: { server: "https://acme.example:6443/", certificate-authority: ca.pem, tls-server-name: api.acme.internal }
  - name: globex
    cluster: { server: https://globex.example, certificate-authority-data: ${Buffer.from('GLOBEX-CA').toString('base64')} }
users:
  - name: acme-sa
    user: { tokenFile: token }
  - name: globex-admin
    user: { client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${Buffer.from('KEY').toString('base64')} }
contexts:
  - name: acme-prod
    context: { cluster: acme, user: acme-sa, namespace: fabric-acme }
  - name: globex-aks
    context: { cluster: globex, user: globex-admin }
`,
);

describe('kubeconfig credentials', () => {
  it('lists every context and resolves the current one with files relative to the kubeconfig', async () => {
    const credentials = await loadKubeconfigCredentials(path);
    expect(credentials.contexts).toEqual(['acme-prod', 'globex-aks']);
    const acme = credentials.connect();
    expect([acme.contextName, acme.server, acme.namespace]).toEqual([
      'acme-prod',
      'https://acme.example:6443',
      'fabric-acme',
    ]);
    const prepared = await acme.prepareRequest();
    expect(prepared.headers['authorization']).toBe('Bearer file-token');
    const options = (prepared.agent as unknown as { options: Record<string, unknown> }).options;
    expect(String(options['ca'])).toBe('CA-PEM');
    expect(options['servername']).toBe('api.acme.internal');
    expect(options['keepAlive']).toBe(true);
    // The same TLS identity keeps the same pooled agent.
    expect((await acme.prepareRequest()).agent).toBe(prepared.agent);
    acme.close();
  });

  it('uses inline certificates of another context', async () => {
    const globex = (await loadKubeconfigCredentials(path)).connect('globex-aks');
    const prepared = await globex.prepareRequest();
    const options = (prepared.agent as unknown as { options: Record<string, unknown> }).options;
    expect([String(options['ca']), String(options['cert']), String(options['key'])]).toEqual([
      'GLOBEX-CA',
      'CERT',
      'KEY',
    ]);
    expect(prepared.headers['authorization']).toBeUndefined();
    globex.close();
  });

  it('refuses a missing file and a file that is not a kubeconfig as usage errors', async () => {
    await expect(loadKubeconfigCredentials(join(dir, 'nope'))).rejects.toThrow(/no such file; plan and reconcile/);
    writeFileSync(join(dir, 'broken'), 'clusters: [ {');
    await expect(loadKubeconfigCredentials(join(dir, 'broken'))).rejects.toThrow(/^kubeconfig .*broken: /);
  });
});
