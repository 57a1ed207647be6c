import { describe, expect, it } from 'vitest';
import { findCluster, injectClusters, requireClusters } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';
import type { KubeObject } from '../../tools/src/adapters/kube.ts';
import { applyPlan } from '../../tools/src/reconcile/apply.ts';
import { readClusterState } from '../../tools/src/reconcile/cluster-state.ts';
import { planReconcile } from '../../tools/src/reconcile/plan.ts';
import { getJson, memberObjects, run, uniqueName, useTestCluster } from './cluster-support.ts';

const clusters = injectClusters();

describe.skipIf(!clusters.available)('prune safety and custom resources on a real API server', () => {
  const cluster = () => findCluster(requireClusters(), 'c');
  const scratch = useTestCluster(cluster);

  it('keeps a failed delete in the inventory, and never deletes an object replaced by someone else', async () => {
    const kube = await scratch.client();
    const ns = scratch.namespace('rc-keep');
    expect((await run(kube, ns, memberObjects(ns))).status).toBe('applied');
    const desired = memberObjects(ns, { chaincode: false });
    const state = await readClusterState(kube, { member: 'acme', namespace: ns, desired });
    const plan = planReconcile({
      member: 'acme',
      owner: 'demo/acme',
      desired,
      live: state.live,
      inventory: state.inventory,
    });
    expect(plan.items.filter((i) => i.action === 'delete').map((i) => i.ref.name)).toEqual(['cc-basic', 'cc-basic']);

    // Between plan and apply, someone deletes our Service and creates their own of that name.
    const path = `/api/v1/namespaces/${ns}/services/cc-basic`;
    expect((await requestKube(cluster(), { method: 'DELETE', path })).status).toBe(200);
    const theirs = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cc-basic', namespace: ns },
      spec: { ports: [{ port: 1 }] },
    };
    const created = await requestKube(cluster(), {
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/services`,
      body: JSON.stringify(theirs),
    });
    expect(created.status).toBe(201);

    const report = await applyPlan(plan, kube, {
      resolveType: state.resolveType,
      inventoryNamespace: ns,
      storedInventory: state.inventory,
    });
    expect(report.ok).toBe(false);
    const serviceDelete = report.results.find((r) => r.ref.kind === 'Service' && r.ref.name === 'cc-basic');
    expect(serviceDelete?.outcome).toBe('failed'); // uid precondition: not the object we planned to delete
    expect(report.results.find((r) => r.ref.kind === 'Deployment')?.outcome).toBe('deleted');
    expect((await getJson(cluster(), path)).status).toBe(200);
    const inventory = await getJson(cluster(), `/api/v1/namespaces/${ns}/configmaps/consortium-gitops-inventory`);
    const entries = (
      JSON.parse((inventory.body['data'] as Record<string, string>)['inventory.json'] ?? '{}') as {
        entries: { kind: string; name: string }[];
      }
    ).entries;
    expect(entries.filter((e) => e.name === 'cc-basic').map((e) => e.kind)).toEqual(['Service']);

    // Next run: the Service no longer carries our annotation, so it is forgotten, not deleted.
    const next = await run(kube, ns, desired);
    expect(next.plan?.items.some((i) => i.action === 'delete')).toBe(false);
    expect((await getJson(cluster(), path)).status).toBe(200);
  });

  it('creates a CRD before its custom resources and sends fields a typed client would drop', async () => {
    const kube = await scratch.client();
    const ns = scratch.namespace('rc-crd');
    const group = `${uniqueName('t')}.consortium.example`;
    scratch.afterAll(() =>
      requestKube(cluster(), {
        method: 'DELETE',
        path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`,
      }),
    );
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `widgets.${group}` },
      spec: {
        group,
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
              },
            },
          },
        ],
      },
    };
    const widget = {
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: 'w', namespace: ns },
      spec: { anything: { nested: [1, 2] } },
    };
    const desired = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, widget, crd];
    const result = await run(kube, ns, desired);
    expect(result.status, result.error).toBe('applied');
    // In apply order (the Namespace was created with the Lease, so it is already there).
    expect(result.report?.results.filter((r) => r.outcome === 'applied').map((r) => r.ref.kind)).toEqual([
      'CustomResourceDefinition',
      'Widget',
    ]);
    const live = await getJson(cluster(), `/apis/${group}/v1/namespaces/${ns}/widgets/w`);
    expect(live.body['spec']).toEqual({ anything: { nested: [1, 2] } });
    const crdLive = await getJson(
      cluster(),
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.${group}`,
    );
    const schema = (
      crdLive.body['spec'] as {
        versions: { schema: { openAPIV3Schema: { properties: { spec: Record<string, unknown> } } } }[];
      }
    ).versions[0]?.schema.openAPIV3Schema.properties.spec;
    expect(schema?.['x-kubernetes-preserve-unknown-fields']).toBe(true);
    const again = await run(kube, ns, desired);
    expect(again.status).toBe('in-sync');
    expect(again.requests.writes).toBe(0);

    // Someone else makes a Widget of their own; then the CRD and our Widget leave the render.
    // Deleting the CRD would delete their Widget too: ours goes, the CRD and theirs stay.
    const theirs = { ...widget, metadata: { name: 'theirs', namespace: ns }, spec: { mine: true } };
    const made = await requestKube(cluster(), {
      method: 'POST',
      path: `/apis/${group}/v1/namespaces/${ns}/widgets`,
      body: JSON.stringify(theirs),
    });
    expect(made.status).toBe(201);
    const removed = await run(kube, ns, [desired[0] as KubeObject]);
    expect(removed.status, removed.error).toBe('applied');
    expect(removed.report?.results.filter((r) => r.outcome === 'deleted').map((r) => r.ref.kind)).toEqual(['Widget']);
    expect(removed.plan?.items.find((i) => i.ref.kind === 'CustomResourceDefinition')?.action).toBe('retain');
    expect((await getJson(cluster(), `/apis/${group}/v1/namespaces/${ns}/widgets/theirs`)).status).toBe(200);
    expect((await getJson(cluster(), `/apis/${group}/v1/namespaces/${ns}/widgets/w`)).status).toBe(404);
  });

  it('records the inventory again after it was deleted by hand, so later removals are still pruned', async () => {
    const kube = await scratch.client();
    const ns = scratch.namespace('rc-lost');
    expect((await run(kube, ns, memberObjects(ns))).status).toBe('applied');
    const inventoryPath = `/api/v1/namespaces/${ns}/configmaps/consortium-gitops-inventory`;
    expect((await requestKube(cluster(), { method: 'DELETE', path: inventoryPath })).status).toBe(200);
    const again = await run(kube, ns, memberObjects(ns));
    expect(again.status, again.error).not.toBe('failed');
    expect((await getJson(cluster(), inventoryPath)).status).toBe(200);
    const removed = await run(kube, ns, memberObjects(ns, { chaincode: false }));
    expect(removed.status, removed.error).toBe('applied');
    expect(removed.report?.results.filter((r) => r.outcome === 'deleted').map((r) => r.ref.name)).toEqual([
      'cc-basic',
      'cc-basic',
    ]);
  });

  it('never takes over an existing object of the same name that it did not create', async () => {
    const kube = await scratch.client();
    const ns = scratch.namespace('rc-theirs');
    expect((await run(kube, ns, memberObjects(ns))).status).toBe('applied');
    const path = `/api/v1/namespaces/${ns}/configmaps/shared-settings`;
    const theirs = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared-settings', namespace: ns } };
    const made = await requestKube(cluster(), {
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      body: JSON.stringify({ ...theirs, data: { owner: 'them' } }),
    });
    expect(made.status).toBe(201);
    // The render now has an object of that name (same data: no field conflict would stop an apply).
    const desired = [...memberObjects(ns), { ...theirs, data: { owner: 'them' } }];
    const result = await run(kube, ns, desired);
    expect(result.status).toBe('failed');
    const failed = result.report?.results.find((r) => r.ref.name === 'shared-settings');
    expect(failed?.outcome).toBe('failed');
    expect(failed?.error).toMatch(/exists and was not created by/);
    const live = await getJson(cluster(), path);
    const metadata = live.body['metadata'] as { labels?: Record<string, string>; annotations?: Record<string, string> };
    expect(metadata.labels?.['consortium-gitops.io/member']).toBeUndefined();
    expect(metadata.annotations?.['consortium-gitops.io/owner']).toBeUndefined();
    // Dropped from the render again: theirs is not ours to prune.
    const after = await run(kube, ns, memberObjects(ns));
    expect(after.status, after.error).not.toBe('failed');
    expect(after.plan?.items.some((i) => i.action === 'delete')).toBe(false);
    expect(((await getJson(cluster(), path)).body['data'] as Record<string, string>)['owner']).toBe('them');
  });
});
