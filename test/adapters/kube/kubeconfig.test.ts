import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listKubeconfigContexts, loadKubeconfig } from '../../../tools/src/adapters/kube/kubeconfig.ts';

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
    cluster: { server: "https://acme.example:6443/", certificate-authority: ca.pem }
  - name: globex
    cluster: { server: https://globex.example, certificate-authority-data: ${Buffer.from('GLOBEX-CA').toString('base64')} }
users:
  - name: acme-sa
    user: { tokenFile: token }
  - name: globex-admin
    user: { client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${Buffer.from('KEY').toString('base64')} }
  - name: sso
    user: { exec: { command: kubelogin } }
contexts:
  - name: acme-prod
    context: { cluster: acme, user: acme-sa, namespace: fabric-acme }
  - name: globex-aks
    context: { cluster: globex, user: globex-admin }
  - name: sso
    context: { cluster: globex, user: sso }
`,
);

describe('kubeconfig', () => {
  it('resolves the current context with files relative to the kubeconfig', async () => {
    const c = await loadKubeconfig({ path });
    expect(c).toMatchObject({
      contextName: 'acme-prod',
      server: 'https://acme.example:6443',
      token: 'file-token',
      namespace: 'fabric-acme',
    });
    expect(c.ca?.toString()).toBe('CA-PEM');
  });

  it('resolves a named context with inline certificate data', async () => {
    const c = await loadKubeconfig({ path, context: 'globex-aks' });
    expect([c.ca?.toString(), c.cert?.toString(), c.key?.toString()]).toEqual(['GLOBEX-CA', 'CERT', 'KEY']);
  });

  it('says what to do about an unknown context or an exec plugin', async () => {
    await expect(loadKubeconfig({ path, context: 'nope' })).rejects.toThrow(/no context named "nope".*--context/);
    await expect(loadKubeconfig({ path, context: 'sso' })).rejects.toThrow(/ServiceAccount token/);
    expect(await listKubeconfigContexts(path)).toEqual(['acme-prod', 'globex-aks', 'sso']);
  });
});
