import { describe, expect, it } from 'vitest';
import { findCluster, injectClusters, requireClusters, startApiServer, stopApiServer } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { acquireLease } from '../../tools/src/reconcile/lease.ts';
import {
  deleteNamespace,
  editOutOfBand,
  getJson,
  memberObjects,
  run,
  uniqueName,
  useTestCluster,
} from './cluster-support.ts';

const clusters = injectClusters();

describe.skipIf(!clusters.available)('reconcile against a real API server', () => {
  const cluster = () => findCluster(requireClusters(), 'a');
  const { client, namespace } = useTestCluster(cluster);

  it('applies a member, then verifies the unchanged cluster with one LIST per kind and no writes', async () => {
    const kube = await client();
    const ns = namespace('rc-apply');
    const desired = memberObjects(ns);
    const first = await run(kube, ns, desired);
    expect(first.status, first.error).toBe('applied');
    // The Namespace is created while taking the Lease (which lives in it); everything else is applied.
    expect(first.report?.results.filter((r) => r.outcome === 'applied').map((r) => r.ref.kind)).not.toContain(
      'Namespace',
    );
    expect(first.report?.results.filter((r) => r.outcome === 'applied')).toHaveLength(desired.length - 1);
    expect(first.report?.results.find((r) => r.ref.kind === 'Namespace')?.outcome).toBe('unchanged');
    const sts = await getJson(cluster(), `/apis/apps/v1/namespaces/${ns}/statefulsets/peer0`);
    expect(sts.status).toBe(200);
    const inventory = await getJson(cluster(), `/api/v1/namespaces/${ns}/configmaps/consortium-gitops-inventory`);
    const recorded = JSON.parse((inventory.body['data'] as Record<string, string>)['inventory.json'] ?? '{}') as {
      entries: unknown[];
    };
    expect(recorded.entries).toHaveLength(desired.length);

    const second = await run(kube, ns, desired);
    expect(second.status, second.error).toBe('in-sync');
    expect(second.requests.writes).toBe(0);
    expect(second.requests.dryRuns).toBe(0);
    const kinds = new Set(desired.map((o) => `${o.apiVersion}/${o.kind}`)).size;
    // discovery (/api, /apis) + the inventory ConfigMap + one LIST per kind in use
    expect(second.requests.total).toBe(3 + kinds);
  });

  it('reports an out-of-band edit as drift naming the manager, and undoes it', async () => {
    const kube = await client();
    const ns = namespace('rc-drift');
    const desired = memberObjects(ns);
    expect((await run(kube, ns, desired)).status).toBe('applied');
    await editOutOfBand(cluster(), `/api/v1/namespaces/${ns}/configmaps/peer0-config`, { data: { logLevel: 'debug' } });
    await editOutOfBand(
      cluster(),
      `/apis/apps/v1/namespaces/${ns}/statefulsets/peer0`,
      { spec: { replicas: 3 } },
      'kubectl-scale',
    );

    const plan = await run(kube, ns, desired, { mode: 'plan' });
    expect(plan.status).toBe('changes-pending');
    const cm = plan.plan?.items.find((i) => i.ref.name === 'peer0-config');
    expect(cm?.action).toBe('update');
    expect(cm?.drift).toEqual([expect.objectContaining({ field: 'data.logLevel', manager: 'kubectl-edit' })]);
    expect(cm?.diff).toEqual([{ path: 'data.logLevel', before: 'debug', after: 'info' }]);
    const sts = plan.plan?.items.find((i) => i.ref.kind === 'StatefulSet');
    expect(sts?.drift).toEqual([expect.objectContaining({ field: 'spec.replicas', manager: 'kubectl-scale' })]);
    expect(plan.requests.writes).toBe(0);

    const fixed = await run(kube, ns, desired);
    expect(fixed.status, fixed.error).toBe('applied');
    expect(
      fixed.report?.results
        .filter((r) => r.outcome === 'applied')
        .map((r) => r.ref.name)
        .sort(),
    ).toEqual(['peer0', 'peer0-config']);
    const live = await getJson(cluster(), `/api/v1/namespaces/${ns}/configmaps/peer0-config`);
    expect((live.body['data'] as Record<string, string>)['logLevel']).toBe('info');
    expect((await run(kube, ns, desired)).status).toBe('in-sync');
  });

  it("prunes a removed chaincode's objects but never a look-alike someone else made, nor volumes", async () => {
    const kube = await client();
    const ns = namespace('rc-prune');
    expect((await run(kube, ns, memberObjects(ns))).status).toBe('applied');
    // Same labels as ours, even our member label and ownership annotation: not in the inventory.
    const lookAlike = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'cc-basic-copy',
        namespace: ns,
        labels: { 'consortium-gitops.io/member': 'acme', 'fabric.consortium/chaincode': 'basic' },
        annotations: { 'consortium-gitops.io/owner': 'demo/acme' },
      },
      spec: { ports: [{ port: 9999 }] },
    };
    const created = await requestKube(cluster(), {
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/services`,
      body: JSON.stringify(lookAlike),
    });
    expect(created.status).toBe(201);

    const withoutChaincode = memberObjects(ns, { chaincode: false }).filter((o) => o.kind !== 'PersistentVolumeClaim');
    const plan = await run(kube, ns, withoutChaincode, { mode: 'plan' });
    expect(plan.plan?.items.filter((i) => i.action === 'delete').map((i) => `${i.ref.kind}/${i.ref.name}`)).toEqual([
      'Deployment/cc-basic',
      'Service/cc-basic',
    ]);
    expect(plan.plan?.items.find((i) => i.action === 'retain')?.ref.kind).toBe('PersistentVolumeClaim');
    expect(plan.status).toBe('changes-pending');

    const result = await run(kube, ns, withoutChaincode);
    expect(result.status, result.error).toBe('applied');
    expect((await getJson(cluster(), `/apis/apps/v1/namespaces/${ns}/deployments/cc-basic`)).status).toBe(404);
    expect((await getJson(cluster(), `/api/v1/namespaces/${ns}/services/cc-basic`)).status).toBe(404);
    expect((await getJson(cluster(), `/api/v1/namespaces/${ns}/services/cc-basic-copy`)).status).toBe(200);
    expect((await getJson(cluster(), `/api/v1/namespaces/${ns}/persistentvolumeclaims/ca-data`)).status).toBe(200);

    const again = await run(kube, ns, withoutChaincode);
    expect(again.status).toBe('in-sync');
    expect(again.requests.writes).toBe(0);

    const volumes = await run(kube, ns, withoutChaincode, { pruneVolumes: true });
    expect(volumes.report?.results.filter((r) => r.outcome === 'deleted').map((r) => r.ref.name)).toEqual(['ca-data']);
  });

  it('refuses to prune anything when the render is empty', async () => {
    const kube = await client();
    const ns = namespace('rc-empty');
    expect((await run(kube, ns, memberObjects(ns))).status).toBe('applied');
    const result = await run(kube, ns, [], { mode: 'plan' });
    expect(result.plan?.pruneRefused).toMatch(/render is empty/);
    expect(result.plan?.items.every((i) => i.action === 'retain')).toBe(true);
    expect(result.status).toBe('in-sync');
  });

  it('reports a conflict with another field manager and takes the field back only with force', async () => {
    const kube = await client();
    const ns = namespace('rc-conflict');
    const desired = memberObjects(ns);
    expect((await run(kube, ns, desired)).status).toBe('applied');
    const other = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'peer0-config', namespace: ns },
      data: { logLevel: 'warning' },
    };
    const forced = await requestKube(cluster(), {
      method: 'PATCH',
      path: `/api/v1/namespaces/${ns}/configmaps/peer0-config?fieldManager=ops-team&force=true`,
      body: JSON.stringify(other),
      contentType: 'application/apply-patch+yaml',
    });
    expect(forced.status).toBe(200);

    const plan = await run(kube, ns, desired, { mode: 'plan' });
    // A plan that cannot apply without --force-conflicts is a finding (exit 1), not just pending.
    expect(plan.status).toBe('failed');
    const item = plan.plan?.items.find((i) => i.ref.name === 'peer0-config');
    expect(item?.conflicts).toEqual([{ manager: 'ops-team', field: '.data.logLevel' }]);
    expect(item?.drift).toEqual([
      expect.objectContaining({ field: 'data.logLevel', manager: 'ops-team', operation: 'Apply' }),
    ]);

    const refused = await run(kube, ns, desired);
    expect(refused.status).toBe('failed');
    const failure = refused.report?.results.find((r) => r.ref.name === 'peer0-config');
    expect(failure).toMatchObject({
      outcome: 'failed',
      errorKind: 'conflict',
      conflicts: [{ manager: 'ops-team', field: '.data.logLevel' }],
    });
    expect(failure?.hint).toMatch(/--force-conflicts/);

    const taken = await run(kube, ns, desired, { forceConflicts: true });
    expect(taken.status, taken.error).toBe('applied');
    const live = await getJson(cluster(), `/api/v1/namespaces/${ns}/configmaps/peer0-config`);
    expect((live.body['data'] as Record<string, string>)['logLevel']).toBe('info');
  });

  it('recognises an immutable field, and recreates objects marked for it', async () => {
    const kube = await client();
    const ns = namespace('rc-immutable');
    const job = (image: string, recreate: boolean) => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: 'join-channel',
        namespace: ns,
        ...(recreate ? { annotations: { 'consortium-gitops.io/recreate-on-immutable': 'true' } } : {}),
      },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'join', image }] } } },
    });
    const base = memberObjects(ns, { chaincode: false });
    expect((await run(kube, ns, [...base, job('tools:1', false)])).status).toBe('applied');
    const refused = await run(kube, ns, [...base, job('tools:2', false)]);
    const failure = refused.report?.results.find((r) => r.ref.kind === 'Job');
    expect(failure).toMatchObject({ outcome: 'failed', errorKind: 'immutable' });
    expect(failure?.hint).toMatch(/recreate-on-immutable/);

    const recreated = await run(kube, ns, [...base, job('tools:2', true)]);
    expect(recreated.status, recreated.error).toBe('applied');
    expect(recreated.report?.results.find((r) => r.ref.kind === 'Job')?.outcome).toBe('recreated');
    const live = await getJson(cluster(), `/apis/batch/v1/namespaces/${ns}/jobs/join-channel`);
    const containers = (live.body['spec'] as { template: { spec: { containers: { image: string }[] } } }).template.spec
      .containers;
    expect(containers[0]?.image).toBe('tools:2');
  });

  it('lets only one reconcile of a member run at a time (Lease)', async () => {
    const kube = await client();
    const ns = namespace('rc-lease');
    const desired = memberObjects(ns);
    expect((await run(kube, ns, desired)).status).toBe('applied');
    const held = await acquireLease(kube, { namespace: ns, holder: 'someone-else', now: () => new Date() });
    const changed = desired.map((o) =>
      o.metadata.name === 'peer0-config' ? { ...o, data: { logLevel: 'debug' } } : o,
    );
    const blocked = await run(kube, ns, changed);
    expect(blocked.status).toBe('locked');
    expect(blocked.error).toMatch(/holder someone-else/);
    await held.release();
    expect((await run(kube, ns, changed)).status).toBe('applied');
    // An expired Lease (its holder died) is taken over.
    await acquireLease(kube, {
      namespace: ns,
      holder: 'crashed',
      now: () => new Date(Date.now() - 3_600_000),
      durationSeconds: 60,
    });
    expect((await run(kube, ns, desired)).status).toBe('applied');
  });

  it('reports what was and was not applied when the API server dies mid-run, and the next run converges', async () => {
    const env = requireClusters();
    const b = findCluster(env, 'b');
    const kube = await client({ cluster: b, retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 100 } });
    const ns = uniqueName('rc-crash');
    const desired = memberObjects(ns, { configMaps: 300 });
    let stopping: Promise<void> | undefined;
    try {
      const broken = await run(kube, ns, desired, {
        concurrency: 4,
        onProgress: (p) => {
          if (p.done >= 40 && stopping === undefined) stopping = stopApiServer(env, 'b');
        },
      });
      await stopping;
      expect(broken.status).toBe('failed');
      const outcomes = new Set(broken.report?.results.map((r) => r.outcome));
      expect(outcomes.has('applied')).toBe(true);
      expect([...outcomes].some((o) => o === 'skipped' || o === 'failed')).toBe(true);
      expect(broken.error).toMatch(/not attempted|unreachable|ECONNREFUSED/);
    } finally {
      await stopping;
      await startApiServer(env, 'b');
    }
    const healed = await run(kube, ns, desired);
    expect(healed.status, healed.error).toBe('applied');
    const after = await run(kube, ns, desired);
    expect(after.status).toBe('in-sync');
    expect(after.requests.writes).toBe(0);
    await deleteNamespace(b, ns);
  });
});
