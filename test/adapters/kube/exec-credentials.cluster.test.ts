// Kubeconfigs as managed clusters hand them out: the user is an exec credential plugin (EKS
// `aws eks get-token`, GKE `gke-gcloud-auth-plugin`, AKS `kubelogin`). Here the plugin is a real
// script returning a client.authentication.k8s.io/v1 ExecCredential with a ServiceAccount token
// the harness API server issued; `consortium reconcile` reconciles an example member with it,
// running the plugin once (the credential is cached until it expires). A plugin that fails
// reaches the user with its own stderr.
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { findCluster, injectClusters, requireClusters } from '../../cluster/clusters.ts';
import { requestKube } from '../../cluster/kube-request.ts';
import { deleteNamespace, uniqueName } from '../../reconcile/cluster-support.ts';
import { runCli } from '../../support/run-cli.ts';

const clusters = injectClusters();
const repoRoot = join(import.meta.dirname, '..', '..', '..');

describe.skipIf(!clusters.available)('kubeconfigs with exec credential plugins', () => {
  const cluster = () => findCluster(requireClusters(), 'a');
  const system = uniqueName('exec-sa');
  const member = uniqueName('fabric-acme');
  const binding = uniqueName('exec-plugin-test');
  const work = mkdtempSync(join(tmpdir(), 'exec-plugin-'));
  const repo = join(work, 'repo');
  for (const dir of ['consortium', 'orgs', 'channels', 'chaincode'])
    cpSync(join(repoRoot, dir), join(repo, dir), { recursive: true });
  const orgFile = join(repo, 'orgs', 'manufacturer', 'org.yaml');
  writeFileSync(orgFile, readFileSync(orgFile, 'utf8').replace('namespace: fabric-acme', `namespace: ${member}`));

  afterAll(async () => {
    rmSync(work, { recursive: true, force: true });
    if (!clusters.available) return;
    for (const ns of [system, member]) await deleteNamespace(cluster(), ns);
    await requestKube(cluster(), {
      method: 'DELETE',
      path: `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${binding}`,
    });
  });

  /** A kubeconfig whose only user runs `plugin` (an executable file). */
  function writeKubeconfig(name: string, plugin: string): string {
    const path = join(work, `${name}.kubeconfig`);
    writeFileSync(
      path,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'eks',
            cluster: {
              server: cluster().server,
              'certificate-authority-data': readFileSync(cluster().caFile).toString('base64'),
            },
          },
        ],
        users: [
          {
            name: 'sso',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                command: plugin,
                args: ['token', '--cluster-name', 'acme-prod'],
                interactiveMode: 'Never',
              },
            },
          },
        ],
        contexts: [{ name: 'acme-prod-eu-central-1', context: { cluster: 'eks', user: 'sso' } }],
        'current-context': 'acme-prod-eu-central-1',
      }),
      { mode: 0o600 },
    );
    return path;
  }

  function writePlugin(name: string, script: string): string {
    const path = join(work, name);
    writeFileSync(path, `#!/bin/sh\n${script}\n`);
    chmodSync(path, 0o755);
    return path;
  }

  it('reconciles a member with the token the plugin prints, running the plugin once', async () => {
    const admin = (method: string, path: string, body: unknown) =>
      requestKube(cluster(), { method, path, body: JSON.stringify(body) });
    expect((await admin('POST', '/api/v1/namespaces', { metadata: { name: system } })).status).toBe(201);
    expect(
      (await admin('POST', `/api/v1/namespaces/${system}/serviceaccounts`, { metadata: { name: 'deployer' } })).status,
    ).toBe(201);
    const bound = await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
      metadata: { name: binding },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'deployer', namespace: system }],
    });
    expect(bound.status).toBe(201);
    const issued = await admin('POST', `/api/v1/namespaces/${system}/serviceaccounts/deployer/token`, {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      spec: { expirationSeconds: 3600 },
    });
    expect(issued.status).toBe(201);
    const token = (JSON.parse(issued.body) as { status: { token: string } }).status.token;
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token, expirationTimestamp: new Date(Date.now() + 3_600_000).toISOString() },
    };
    writeFileSync(join(work, 'credential.json'), JSON.stringify(credential));
    const calls = join(work, 'calls');
    writeFileSync(calls, '');
    const plugin = writePlugin('get-token', `echo "$*" >> '${calls}'\ncat '${join(work, 'credential.json')}'`);
    const kubeconfig = writeKubeconfig('good', plugin);

    const run = await runCli(['reconcile', '--org', 'manufacturer', '--repo', repo, '--kubeconfig', kubeconfig], {
      env: { HOME: work },
    });
    expect(run.stderr).not.toMatch(/failed/);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const statefulsets = await requestKube(cluster(), { path: `/apis/apps/v1/namespaces/${member}/statefulsets` });
    expect((JSON.parse(statefulsets.body) as { items: unknown[] }).items.length).toBeGreaterThan(0);
    // Dozens of requests, one plugin run: the credential is cached until its expirationTimestamp.
    expect(readFileSync(calls, 'utf8')).toBe('token --cluster-name acme-prod\n');
  });

  it("stops with the plugin's own stderr when the plugin fails", async () => {
    const plugin = writePlugin(
      'expired-sso',
      "echo 'error: the SSO session has expired; run: aws sso login --profile acme-prod' >&2\nexit 1",
    );
    const run = await runCli(
      ['plan', '--org', 'manufacturer', '--repo', repo, '--kubeconfig', writeKubeconfig('failing', plugin)],
      { env: { HOME: work } },
    );
    expect(run.code).toBe(1);
    const output = run.stdout + run.stderr;
    expect(output).toContain(`the exec credential plugin "${plugin}" of user "sso" failed`);
    expect(output).toContain('error: the SSO session has expired; run: aws sso login --profile acme-prod');
    expect(output).not.toMatch(/\n\s+at /);
  });
});
