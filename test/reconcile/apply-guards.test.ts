import { describe, expect, it } from 'vitest';
import { KubeApiError, type KubeClient, type KubeObject, type ResourceType } from '../../tools/src/adapters/kube.ts';
import { applyPlan } from '../../tools/src/reconcile/apply.ts';
import { acquireLease, type HeldLease } from '../../tools/src/reconcile/lease.ts';
import { stampObject } from '../../tools/src/reconcile/ownership.ts';
import { planReconcile } from '../../tools/src/reconcile/plan.ts';
import { guardLease } from '../../tools/src/reconcile/reconcile-member.ts';
import { configMap, liveOf } from './objects.ts';

const who = { member: 'acme', owner: 'demo/acme' };
const configMapType: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', namespaced: true };

/** Records every write; answers applies with the object sent. */
function recordingKube(): KubeClient & { writes: string[] } {
  const writes: string[] = [];
  const unused = () => Promise.reject(new Error('not used'));
  return {
    writes,
    description: 'recording',
    discover: unused,
    list: unused,
    get: () => Promise.resolve(undefined),
    apply: (object: KubeObject) => {
      writes.push(`apply ${object.metadata.name}`);
      return Promise.resolve(object);
    },
    create: unused,
    replace: unused,
    delete: (o) => {
      writes.push(`delete ${o.name}`);
      return Promise.resolve(true);
    },
    requestCounts: () => ({ total: 0, writes: 0, dryRuns: 0, byVerb: {} }),
  };
}

const applyOptions = () => ({
  resolveType: () => configMapType,
  inventoryNamespace: 'acme',
  storedInventory: { member: 'acme', entries: [] },
  concurrency: 1,
});

describe('applyPlan guards', () => {
  it('writes nothing more once the Lease is lost, and reports the run as failed', async () => {
    const plan = planReconcile({
      ...who,
      desired: [configMap('a', { x: '1' }), configMap('b', { x: '1' }), configMap('c', { x: '1' })],
      live: [],
      inventory: { member: 'acme', entries: [] },
    });
    const kube = recordingKube();
    let lost: string | undefined;
    const report = await applyPlan(plan, kube, {
      ...applyOptions(),
      onProgress: (p) => {
        if (p.done === 1) lost = 'the lease was lost';
      },
      stopReason: () => lost,
    });
    // The inventory and the first object were written before the Lease was lost; nothing after.
    expect(kube.writes).toEqual(['apply consortium-gitops-inventory', 'apply a']);
    expect(report.ok).toBe(false);
    expect(report.results.filter((r) => r.outcome === 'skipped').map((r) => r.ref.name)).toEqual(['b', 'c']);
    expect(report.results.find((r) => r.ref.name === 'b')?.error).toMatch(/lease was lost/);
  });

  it('never applies an object another owner annotated as theirs, and fails the run', async () => {
    const rendered = configMap('shared', { x: '1' });
    const foreign = liveOf(stampObject(rendered, { member: 'acme', owner: 'other/acme' }).object);
    const plan = planReconcile({
      ...who,
      desired: [rendered],
      live: [foreign],
      inventory: { member: 'acme', entries: [] },
    });
    const kube = recordingKube();
    const report = await applyPlan(plan, kube, applyOptions());
    expect(kube.writes).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.results[0]).toMatchObject({ outcome: 'failed', errorKind: 'conflict' });
    expect(report.results[0]?.error).toMatch(/owned by other\/acme/);
  });
});

describe('applyPlan error reports', () => {
  it('never repeats a Secret value the API server quoted in its error', async () => {
    const secret: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: 'acme' },
      stringData: { password: 'hunter2-very-secret' },
    };
    const plan = planReconcile({ ...who, desired: [secret], live: [], inventory: { member: 'acme', entries: [] } });
    const kube = recordingKube();
    kube.apply = (object) =>
      object.kind === 'Secret'
        ? Promise.reject(
            new KubeApiError(
              'Secret "creds" is invalid: stringData[password]: Invalid value: "hunter2-very-secret": too weak',
              { status: 422 },
            ),
          )
        : Promise.resolve(object);
    const report = await applyPlan(plan, kube, {
      ...applyOptions(),
      resolveType: () => ({ apiVersion: 'v1', kind: 'Secret', resource: 'secrets', namespaced: true }),
    });
    const error = report.results[0]?.error ?? '';
    expect(error).toMatch(/stringData\[password\]: Invalid value: \(sensitive value hidden\): too weak/);
    expect(JSON.stringify(report)).not.toContain('hunter2');
  });
});

describe('guardLease', () => {
  const lease = (renew: () => Promise<void>): HeldLease => ({ renew, release: () => Promise.resolve() });

  it('reports the Lease lost when another holder replaced it', async () => {
    const now = () => new Date(0);
    const guard = guardLease(
      lease(() => Promise.reject(new KubeApiError('the object has been modified', { status: 409 }))),
      now,
    );
    expect(guard.lostReason()).toBeUndefined();
    await guard.renew();
    expect(guard.lostReason()).toMatch(/lease was lost/);
  });

  it('reports the Lease lost once it went unrenewed for its whole duration', async () => {
    let t = 0;
    const guard = guardLease(
      lease(() => Promise.reject(new KubeApiError('connection reset'))),
      () => new Date(t),
      300,
    );
    await guard.renew();
    t = 299_000;
    expect(guard.lostReason()).toBeUndefined();
    t = 300_000;
    expect(guard.lostReason()).toMatch(/could not be renewed/);
  });

  it('keeps the Lease while renewals succeed', async () => {
    let t = 0;
    const guard = guardLease(
      lease(() => Promise.resolve()),
      () => new Date(t),
      300,
    );
    t = 290_000;
    await guard.renew();
    t = 500_000;
    expect(guard.lostReason()).toBeUndefined();
  });
});

describe('Lease renewal', () => {
  const leaseAt = (holder: string, uid: string): KubeObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'consortium-gitops-reconcile', namespace: 'acme', uid, resourceVersion: '2' },
    spec: { holderIdentity: holder, leaseDurationSeconds: 300, renewTime: '2026-01-01T00:00:00.000000Z' },
  });
  const kubeWith = (current: KubeObject): KubeClient => ({
    ...recordingKube(),
    create: (object) =>
      Promise.resolve({ ...object, metadata: { ...object.metadata, uid: 'mine', resourceVersion: '1' } }),
    replace: () => Promise.reject(new KubeApiError('the object has been modified', { status: 409 })),
    get: () => Promise.resolve(current),
  });
  const options = { namespace: 'acme', holder: 'me', now: () => new Date(0) };

  it('keeps the Lease when a retried renewal answers 409 but we still hold it', async () => {
    const lease = await acquireLease(kubeWith(leaseAt('me', 'mine')), options);
    await expect(lease.renew()).resolves.toBeUndefined();
  });

  it('reports the Lease lost when someone else holds it now', async () => {
    const lease = await acquireLease(kubeWith(leaseAt('someone-else', 'mine')), options);
    await expect(lease.renew()).rejects.toMatchObject({ status: 409 });
    const recreated = await acquireLease(kubeWith(leaseAt('me', 'another-uid')), options);
    await expect(recreated.renew()).rejects.toMatchObject({ status: 409 });
  });
});
