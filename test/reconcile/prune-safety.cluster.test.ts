import { describe, expect, it } from 'vitest';
import { findCluster, injectClusters, requireClusters } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';
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
  });
});
