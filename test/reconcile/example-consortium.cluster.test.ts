import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../tools/src/cli/main.ts';
import { runReconcileCommand, type ReconcileCommandOptions } from '../../tools/src/commands/reconcile.ts';
import { findCluster, injectClusters, requireClusters } from '../cluster/clusters.ts';
import { installGatewayApiCrds } from '../cluster/gateway-api-crds.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { kubeconfigCredentials } from '../support/kube-connection.ts';
import { deleteNamespace, getJson } from './cluster-support.ts';

const clusters = injectClusters();
const repoRoot = join(import.meta.dirname, '..', '..');
// The example consortium's members, the cluster.name of each, and the test cluster standing in for it.
const members = [
  { org: 'logistics', context: 'sfl-gke-asia-southeast1', cluster: 'a', namespace: 'fabric-straits-freight' },
  { org: 'manufacturer', context: 'acme-prod-eu-central-1', cluster: 'b', namespace: 'fabric-acme' },
  { org: 'retailer', context: 'harborview-aks-eastus', cluster: 'c', namespace: 'fabric-harborview' },
];

/** The merged kubeconfig with each context renamed to the member's cluster.name. */
function writeMemberKubeconfig(dir: string, merged: string): string {
  const doc = parse(readFileSync(merged, 'utf8')) as { contexts: { name: string }[]; 'current-context'?: string };
  for (const c of doc.contexts) c.name = members.find((m) => m.cluster === c.name)?.context ?? c.name;
  delete doc['current-context'];
  const file = join(dir, 'kubeconfig');
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return file;
}

function captureIo(cwd: string, isTty = false) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: { stdout, stderr, stdin: new PassThrough(), env: {}, cwd, now: () => new Date(), isTty },
    output: () => out,
    errors: () => err,
  };
}

describe.skipIf(!clusters.available)('the example consortium, reconciled into three clusters', () => {
  const work = mkdtempSync(join(tmpdir(), 'reconcile-example-'));
  const repo = join(work, 'repo');
  for (const dir of ['consortium', 'orgs', 'channels', 'chaincode'])
    cpSync(join(repoRoot, dir), join(repo, dir), { recursive: true });
  const options = (extra: Partial<ReconcileCommandOptions> = {}): ReconcileCommandOptions => ({
    repo,
    all: true,
    mode: 'apply',
    credentials: () =>
      Promise.resolve(kubeconfigCredentials(writeMemberKubeconfig(work, requireClusters().kubeconfigMerged))),
    now: () => new Date(),
    holder: 'example-test',
    ...extra,
  });
  // Members on Gateway API (the default) need its CRDs in their clusters, as a real member would.
  beforeAll(async () => {
    if (clusters.available)
      for (const m of members) await installGatewayApiCrds(findCluster(requireClusters(), m.cluster));
  });
  afterAll(async () => {
    if (clusters.available)
      for (const m of members) await deleteNamespace(findCluster(requireClusters(), m.cluster), m.namespace);
    rmSync(work, { recursive: true, force: true });
  });

  it('renders every member in-process and applies it to its own cluster', async () => {
    const result = await runReconcileCommand(options());
    expect(result.results.map((r) => [r.member, r.status, r.error])).toEqual(
      members.map((m) => [m.org, 'applied', undefined]),
    );
    for (const m of members) {
      const statefulsets = await getJson(
        findCluster(requireClusters(), m.cluster),
        `/apis/apps/v1/namespaces/${m.namespace}/statefulsets`,
      );
      expect((statefulsets.body['items'] as unknown[]).length).toBeGreaterThan(0);
    }
    // Each member landed only in its own cluster.
    expect((await getJson(findCluster(requireClusters(), 'a'), '/api/v1/namespaces/fabric-acme')).status).toBe(404);
  });

  it('writes nothing on the second run', async () => {
    const result = await runReconcileCommand(options());
    for (const r of result.results) {
      expect(r.status, `${r.member}: ${JSON.stringify(r.plan?.items.filter((i) => i.action !== 'unchanged'))}`).toBe(
        'in-sync',
      );
      expect(r.requests.writes).toBe(0);
      expect(r.requests.dryRuns).toBe(0);
    }
  });

  it('plan from the command line exits 0 in sync and 3 with changes pending', async () => {
    const kubeconfig = writeMemberKubeconfig(work, requireClusters().kubeconfigMerged);
    const inSync = captureIo(repo);
    expect(await main(['plan', '--all', '--kubeconfig', kubeconfig], inSync.io)).toBe(0);
    expect(inSync.output()).toMatch(
      /manufacturer \(acme-prod-eu-central-1 .*\): 0 to create, 0 to update, 0 to delete/,
    );
    // Not a terminal (a CI log): no progress at all.
    expect(inSync.errors()).toBe('');

    const b = findCluster(requireClusters(), 'b');
    const patched = await requestKube(b, {
      method: 'PATCH',
      path: '/api/v1/namespaces/fabric-acme/configmaps/fabric-tls-roots?fieldManager=kubectl-edit',
      body: JSON.stringify({ metadata: { labels: { 'app.kubernetes.io/part-of': 'edited-by-hand' } } }),
      contentType: 'application/merge-patch+json',
    });
    expect(patched.status).toBe(200);
    const drift = captureIo(repo, true);
    expect(await main(['plan', '--org', 'manufacturer', '--kubeconfig', kubeconfig], drift.io)).toBe(3);
    // On a terminal, the dry runs' progress is drawn in place on standard error, ending at all of them.
    expect(drift.errors()).toMatch(new RegExp(`${String.fromCharCode(27)}\\[2Kmanufacturer: (\\d+)/\\1 objects\\n$`));
    expect(drift.output()).toContain('~ ConfigMap fabric-acme/fabric-tls-roots (drift)');
    expect(drift.output()).toContain(
      'drift: metadata.labels.app.kubernetes.io/part-of now owned by kubectl-edit (Update)',
    );
    const fix = captureIo(repo);
    expect(await main(['reconcile', '--org', 'manufacturer', '--kubeconfig', kubeconfig], fix.io)).toBe(0);
    expect(await main(['plan', '--org', 'manufacturer', '--kubeconfig', kubeconfig], captureIo(repo).io)).toBe(0);
  });

  it("keeps the committed version's chaincode server beside an upgrade, and prunes it once previous is removed", async () => {
    const b = findCluster(requireClusters(), 'b');
    const file = join(repo, 'channels/traceability/chaincodes/provenance.yaml');
    const committed = readFileSync(file, 'utf8');
    const image = /image: (\S+)/.exec(committed)?.[1] ?? '';
    const deployment = (version: string) =>
      getJson(b, `/apis/apps/v1/namespaces/fabric-acme/deployments/provenance-traceability-${version}`);
    const before = await deployment('1-0-0');
    expect(before.status).toBe(200);
    const previous = `previous:\n  version: 1.0.0\n  image: ${image}\n`;
    const upgraded = committed
      .replace('version: 1.0.0', 'version: 1.1.0')
      .replace('sequence: 1', 'sequence: 2')
      .replace(image, 'ghcr.io/supply-chain-traceability/provenance-chaincode:1.1.0')
      .replace('initRequired: false\n', `initRequired: false\n${previous}`);
    writeFileSync(file, upgraded);
    expect((await runReconcileCommand(options())).results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
    ]);
    // The committed version's server is untouched (same generation), the new one runs beside it.
    const during = await deployment('1-0-0');
    expect((during.body['metadata'] as { generation: number }).generation).toBe(
      (before.body['metadata'] as { generation: number }).generation,
    );
    expect((await deployment('1-1-0')).status).toBe(200);
    expect((await getJson(b, '/api/v1/namespaces/fabric-acme/services/provenance-traceability-1-0-0')).status).toBe(
      200,
    );

    writeFileSync(file, upgraded.replace(previous, ''));
    const plan = await runReconcileCommand(options({ mode: 'plan' }));
    const deletes = plan.results
      .find((r) => r.member === 'manufacturer')
      ?.plan?.items.filter((i) => i.action === 'delete')
      .map((i) => `${i.ref.kind}/${i.ref.name}`);
    expect(deletes?.sort()).toEqual([
      'Deployment/provenance-traceability-1-0-0',
      'Service/provenance-traceability-1-0-0',
    ]);
    await runReconcileCommand(options());
    expect((await deployment('1-0-0')).status).toBe(404);
    expect((await getJson(b, '/api/v1/namespaces/fabric-acme/services/provenance-traceability-1-0-0')).status).toBe(
      404,
    );
    expect((await deployment('1-1-0')).status).toBe(200);
  });

  it("prunes a removed chaincode's objects and leaves a look-alike someone else made", async () => {
    const b = findCluster(requireClusters(), 'b');
    const lookAlike = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'recall-notices-recalls-notes',
        namespace: 'fabric-acme',
        labels: {
          'fabric.consortium/chaincode': 'recall-notices',
          'app.kubernetes.io/managed-by': 'consortium-gitops',
          'consortium-gitops.io/member': 'manufacturer',
        },
      },
      data: { note: 'made by hand' },
    };
    expect(
      (
        await requestKube(b, {
          method: 'POST',
          path: '/api/v1/namespaces/fabric-acme/configmaps',
          body: JSON.stringify(lookAlike),
        })
      ).status,
    ).toBe(201);
    rmSync(join(repo, 'channels/recalls/chaincodes/recall-notices.yaml'));

    const plan = await runReconcileCommand(options({ mode: 'plan' }));
    const manufacturer = plan.results.find((r) => r.member === 'manufacturer');
    const deletes =
      manufacturer?.plan?.items.filter((i) => i.action === 'delete').map((i) => `${i.ref.kind}/${i.ref.name}`) ?? [];
    expect(deletes).toEqual(
      expect.arrayContaining([
        'Deployment/recall-notices-recalls-1-0-0',
        'ConfigMap/recall-notices-recalls-1-0-0-package',
      ]),
    );
    expect(deletes.some((d) => d.includes('recall-notices-recalls-notes'))).toBe(false);
    expect(plan.results.find((r) => r.member === 'logistics')?.status).toBe('in-sync');

    const result = await runReconcileCommand(options());
    expect(result.results.map((r) => r.status)).toEqual(['in-sync', 'applied', 'applied']);
    expect(
      (await getJson(b, '/apis/apps/v1/namespaces/fabric-acme/deployments/recall-notices-recalls-1-0-0')).status,
    ).toBe(404);
    expect((await getJson(b, '/api/v1/namespaces/fabric-acme/configmaps/recall-notices-recalls-notes')).status).toBe(
      200,
    );
    const again = await runReconcileCommand(options());
    expect(again.results.every((r) => r.status === 'in-sync' && r.requests.writes === 0)).toBe(true);
  });

  it('plans from a directory written by `consortium render --out` the same as from the model', async () => {
    const out = join(work, 'rendered');
    expect(await main(['render', '--repo', repo, '--out', out], captureIo(repo).io)).toBe(0);
    const kubeconfig = writeMemberKubeconfig(work, requireClusters().kubeconfigMerged);
    const fromDir = captureIo(repo);
    expect(
      await main(['plan', '--all', '--from', out, '--kubeconfig', kubeconfig, '--format', 'json'], fromDir.io),
    ).toBe(0);
    const report = JSON.parse(fromDir.output()) as { clusters: { member: string; status: string }[] };
    expect(report.clusters.map((c) => [c.member, c.status])).toEqual(members.map((m) => [m.org, 'in-sync']));
  });
});
