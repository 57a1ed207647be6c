// A member's rendered Fabric CA and enrollment Job on the real node with the node's Fabric images:
// the example repository with a fresh PKI and the one documented image override; what the member
// provides comes from `consortium org secrets` (CA and TLS CA signing pairs, the CA's listener
// pair, the registrar, the enrollment Job's ServiceAccount and Role); manufacturer's rendered
// Namespace, ConfigMaps, Services, the CA's StatefulSet and ledger claim and the enrollment Job are
// applied unchanged. The CA becomes Ready and the Job enrolls the identities into their Secrets.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consenterKeyFile } from '../../tools/src/commands/org-secrets.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { waitFor } from '../cluster/wait.ts';
import { createNetworkRepo, loadModel, type NetworkRepo } from '../fabric-network/network-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { apply, deleteObject, getObject, type KubeObject } from './apply.ts';
import { locateFabricImages, useNodeFabricImages } from './fabric-images.ts';
import { injectNode, requireNode, type NodeEnvironment } from './nodes.ts';
import { podLog, waitForPodReady } from './pods.ts';

const ORG = 'manufacturer';
const node = injectNode();
const lookup = locateFabricImages();
const caBuilt = lookup.found && lookup.images.ca !== undefined;

interface PodSpecHolder {
  readonly spec?: { readonly template?: { readonly spec?: { readonly containers?: { readonly image?: string }[] } } };
}

describe.skipIf(!node.available || !caBuilt)("a member's rendered CA and enrollment Job on the node", () => {
  let env: NodeEnvironment;
  let root: string;
  let repo: NetworkRepo | undefined;
  let namespace = '';
  let caPod = '';
  let job = '';
  let enrolledSecrets: string[] = [];

  beforeAll(async () => {
    env = requireNode();
    if (!lookup.found) throw new Error(lookup.reason);
    root = await mkdtemp(join(tmpdir(), 'rendered-enrollment-'));
    repo = await createNetworkRepo({ root });
    await useNodeFabricImages(repo.dir, lookup.images);
    const model = await loadModel(repo.dir);
    const [member] = renderConsortium(model, { orgs: [ORG] });
    const objects = (member?.files ?? []).flatMap((file) => loadAll(file.content) as KubeObject[]);
    const imageOf = (o: KubeObject) => (o as PodSpecHolder).spec?.template?.spec?.containers?.[0]?.image;
    const namespaceObject = objects.find((o) => o.kind === 'Namespace');
    const caSet = objects.find((o) => o.kind === 'StatefulSet' && imageOf(o) === lookup.images.ca);
    const enrollJob = objects.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('fabric-enroll'));
    if (namespaceObject === undefined || caSet === undefined || enrollJob === undefined) {
      throw new Error('render emitted no Namespace, CA StatefulSet on the node image or enrollment Job');
    }
    namespace = namespaceObject.metadata.name;
    caPod = `${caSet.metadata.name}-0`;
    job = enrollJob.metadata.name;

    // The consenters' pinned TLS keys go where `org init` keeps them; org secrets provides the pairs.
    for (const [key, pair] of repo.ordererTls) {
      const [orgId, orderer] = key.split('/') as [string, string];
      if (orgId === ORG)
        await writeFile(join(repo.keysRoot, ORG, consenterKeyFile(orderer)), pair.key, { mode: 0o600 });
    }
    const secrets = await runCli(
      ['org', 'secrets', ORG, '--key-dir', repo.keysRoot, '--repo', repo.dir, '--format', 'json'],
      {},
    );
    const provided = (JSON.parse(secrets.stdout) as { objects?: KubeObject[] }).objects ?? [];
    if (provided.length === 0) throw new Error(`org secrets printed nothing: ${secrets.stdout} ${secrets.stderr}`);
    // The Secrets the Job fills: provided empty, listed for the assertion below.
    enrolledSecrets = provided
      .filter((o) => o.kind === 'Secret' && Object.keys((o['data'] as object | undefined) ?? {}).length === 0)
      .map((o) => o.metadata.name);

    await apply(env.cluster, [namespaceObject]);
    await waitFor({
      what: `ServiceAccount ${namespace}/default`,
      timeoutMs: 30_000,
      check: async () =>
        (await getObject(env.cluster, `/api/v1/namespaces/${namespace}/serviceaccounts/default`)) !== undefined,
    });
    const claims = new Set(
      (
        (
          caSet as {
            spec?: { template?: { spec?: { volumes?: { persistentVolumeClaim?: { claimName: string } }[] } } };
          }
        ).spec?.template?.spec?.volumes ?? []
      ).flatMap((v) => (v.persistentVolumeClaim === undefined ? [] : [v.persistentVolumeClaim.claimName])),
    );
    await apply(env.cluster, [
      ...provided,
      ...objects.filter((o) => o.kind === 'ConfigMap' || o.kind === 'Service'),
      ...objects.filter((o) => o.kind === 'PersistentVolumeClaim' && claims.has(o.metadata.name)),
      caSet,
      enrollJob,
    ]);
  }, 240_000);

  afterAll(async () => {
    if (namespace !== '') {
      // Gone, not terminating: the other rendered-member suite creates the same namespace next.
      await deleteObject(env.cluster, `/api/v1/namespaces/${namespace}`);
      await waitFor({
        what: `namespace ${namespace} deleted`,
        timeoutMs: 120_000,
        check: async () => (await getObject(env.cluster, `/api/v1/namespaces/${namespace}`)) === undefined,
      });
    }
    if (repo !== undefined) await rm(repo.dir, { recursive: true, force: true });
    if (root !== undefined) await rm(root, { recursive: true, force: true });
  });

  it('runs the rendered CA: Ready through its rendered probes', async () => {
    await waitForPodReady(env.cluster, namespace, caPod, 180_000);
    expect(await podLog(env.cluster, namespace, caPod)).toMatch(/Listening on https:\/\/0\.0\.0\.0:7054/);
  }, 240_000);

  it('runs the rendered enrollment Job on the tools image: every identity enrolled into its Secret', async () => {
    let status: { succeeded?: number; failed?: number } = {};
    await waitFor({
      what: `Job ${namespace}/${job} complete`,
      timeoutMs: 240_000,
      intervalMs: 2_000,
      check: async () => {
        status =
          (
            await getObject<{ status?: typeof status }>(
              env.cluster,
              `/apis/batch/v1/namespaces/${namespace}/jobs/${job}`,
            )
          )?.status ?? {};
        return (status.succeeded ?? 0) > 0 || (status.failed ?? 0) > 0;
      },
      logTail: () => JSON.stringify(status),
    });
    const pods = await getObject<{ items: { metadata: { name: string } }[] }>(
      env.cluster,
      `/api/v1/namespaces/${namespace}/pods?labelSelector=job-name%3D${job}`,
    );
    const logs = await Promise.all((pods?.items ?? []).map((p) => podLog(env.cluster, namespace, p.metadata.name)));
    expect(status.succeeded, logs.join('\n---\n')).toBe(1);
    expect(enrolledSecrets.length).toBeGreaterThan(0);
    for (const name of enrolledSecrets) {
      const secret = await getObject<{ data?: Record<string, string> }>(
        env.cluster,
        `/api/v1/namespaces/${namespace}/secrets/${name}`,
      );
      expect(Object.keys(secret?.data ?? {}), name).not.toEqual([]);
    }
  }, 300_000);
});
