import { describe, expect, it } from 'vitest';
import { countPlan, hasChanges, planReconcile } from '../../tools/src/reconcile/plan.ts';
import { fieldManager, stampObject } from '../../tools/src/reconcile/ownership.ts';
import type { Inventory } from '../../tools/src/reconcile/types.ts';
import { configMap, fieldsV1, liveOf, namespaceObject } from './objects.ts';

const who = { member: 'acme', owner: 'demo/acme' };
const ourFields = (...extra: string[][]) => [
  {
    manager: fieldManager,
    operation: 'Apply' as const,
    fieldsV1: fieldsV1(
      ['f:metadata', 'f:labels', 'f:consortium-gitops.io/member'],
      ['f:metadata', 'f:annotations', 'f:consortium-gitops.io/owner'],
      ['f:metadata', 'f:annotations', 'f:consortium-gitops.io/digest'],
      ...extra,
    ),
  },
];

function appliedLive(
  object: ReturnType<typeof configMap>,
  extraFields: string[][] = [],
  others: { manager: string; paths: string[][] }[] = [],
) {
  const { object: stamped } = stampObject(object, who);
  return liveOf(stamped, {
    managedFields: [
      ...ourFields(...extraFields),
      ...others.map((o) => ({ manager: o.manager, operation: 'Update' as const, fieldsV1: fieldsV1(...o.paths) })),
    ],
  });
}

function inventoryOf(...objects: ReturnType<typeof configMap>[]): Inventory {
  return {
    member: 'acme',
    entries: objects.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      name: o.metadata.name,
      ...(o.metadata.namespace === undefined ? {} : { namespace: o.metadata.namespace }),
      digest: stampObject(o, who).digest,
    })),
  };
}

describe('planReconcile', () => {
  it('creates what the cluster lacks, in apply order (Namespace first)', () => {
    const plan = planReconcile({
      ...who,
      desired: [configMap('b', { x: '1' }), namespaceObject('acme')],
      live: [],
      inventory: { member: 'acme', entries: [] },
    });
    expect(plan.items.map((i) => `${i.action} ${i.ref.kind}`)).toEqual(['create Namespace', 'create ConfigMap']);
    expect(plan.items[1]?.desired?.metadata.annotations?.['consortium-gitops.io/owner']).toBe('demo/acme');
    expect(plan.items[1]?.desired?.metadata.labels?.['consortium-gitops.io/member']).toBe('acme');
    expect(hasChanges(plan)).toBe(true);
  });

  it('leaves an object alone when its digest matches and every declared field is still ours', () => {
    const cm = configMap('a', { x: '1' });
    const live = appliedLive(cm, [['f:data', 'f:x']]);
    const plan = planReconcile({ ...who, desired: [cm], live: [live], inventory: inventoryOf(cm) });
    expect(countPlan(plan)).toEqual({ create: 0, update: 0, delete: 0, unchanged: 1, retain: 0 });
    expect(hasChanges(plan)).toBe(false);
    expect(plan.inventoryAfter).toEqual(inventoryOf(cm));
  });

  it('updates when the rendered content changed', () => {
    const before = configMap('a', { x: '1' });
    const live = appliedLive(before, [['f:data', 'f:x']]);
    const plan = planReconcile({
      ...who,
      desired: [configMap('a', { x: '2' })],
      live: [live],
      inventory: inventoryOf(before),
    });
    expect(plan.items[0]).toMatchObject({ action: 'update', reasons: ['content changed'], liveUid: 'uid-a' });
  });

  it('reports drift naming the manager that took a field we declare', () => {
    const cm = configMap('a', { x: '1' });
    // kubectl edit changed data.x: ownership moved from us to kubectl-edit.
    const live = appliedLive(cm, [], [{ manager: 'kubectl-edit', paths: [['f:data', 'f:x']] }]);
    const plan = planReconcile({ ...who, desired: [cm], live: [live], inventory: inventoryOf(cm) });
    expect(plan.items[0]).toMatchObject({
      action: 'update',
      reasons: ['drift'],
      drift: [{ field: 'data.x', manager: 'kubectl-edit', operation: 'Update' }],
    });
  });

  it('reports a declared field nobody owns any more as drift (removed out of band)', () => {
    const cm = configMap('a', { x: '1', y: '2' });
    const live = appliedLive(cm, [['f:data', 'f:x']]);
    const plan = planReconcile({ ...who, desired: [cm], live: [live], inventory: inventoryOf(cm) });
    expect(plan.items[0]?.drift).toEqual([{ field: 'data.y' }]);
  });

  it('ignores fields other managers own that we do not declare', () => {
    const cm = configMap('a', { x: '1' });
    const live = appliedLive(
      cm,
      [['f:data', 'f:x']],
      [{ manager: 'kube-controller-manager', paths: [['f:metadata', 'f:labels', 'f:other']] }],
    );
    const plan = planReconcile({ ...who, desired: [cm], live: [live], inventory: inventoryOf(cm) });
    expect(plan.items[0]?.action).toBe('unchanged');
  });

  it('matches list items by key when checking drift', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'acme' },
      spec: { ports: [{ name: 'grpc', port: 7051 }] },
    };
    const { object: stamped } = stampObject(svc, who);
    const portKey = 'k:{"port":7051,"protocol":"TCP"}';
    const live = liveOf(stamped, {
      managedFields: [
        ...ourFields(['f:spec', 'f:ports', portKey, 'f:name']),
        { manager: 'someone', operation: 'Apply', fieldsV1: fieldsV1(['f:spec', 'f:ports', portKey, 'f:port']) },
      ],
    });
    const plan = planReconcile({ ...who, desired: [svc], live: [live], inventory: { member: 'acme', entries: [] } });
    expect(plan.items[0]?.drift).toEqual([
      { field: 'spec.ports[port=7051,protocol=TCP].port', manager: 'someone', operation: 'Apply' },
    ]);
  });

  it('prunes only inventory objects that still carry our ownership annotation, deletes in reverse order', () => {
    const keep = configMap('keep', { x: '1' });
    const gone = configMap('gone', { x: '1' });
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'cc', namespace: 'acme' },
      spec: {},
    };
    const takenOver = configMap('taken', { x: '1' });
    const takenLive = {
      ...takenOver,
      metadata: { ...takenOver.metadata, uid: 'u', annotations: { 'consortium-gitops.io/owner': 'someone-else' } },
    };
    const plan = planReconcile({
      ...who,
      desired: [keep],
      live: [
        appliedLive(keep, [['f:data', 'f:x']]),
        appliedLive(gone),
        liveOf(stampObject(deployment, who).object),
        takenLive,
      ],
      inventory: inventoryOf(keep, gone, deployment, takenOver),
    });
    expect(plan.items.filter((i) => i.action === 'delete').map((i) => i.ref.name)).toEqual(['cc', 'gone']);
    expect(plan.items.find((i) => i.ref.name === 'taken')).toBeUndefined();
    expect(plan.inventoryAfter.entries.map((e) => e.name)).toEqual(['keep']);
    expect(plan.inventoryDuringApply.entries.map((e) => e.name).sort()).toEqual(['cc', 'gone', 'keep']);
  });

  it('never touches a look-alike object that is not in the inventory', () => {
    const lookAlike = liveOf(stampObject(configMap('lookalike', { x: '1' }), who).object);
    const plan = planReconcile({
      ...who,
      desired: [configMap('a', { x: '1' })],
      live: [lookAlike],
      inventory: { member: 'acme', entries: [] },
    });
    expect(plan.items.map((i) => i.ref.name)).toEqual(['a']);
  });

  it('keeps Namespaces and PersistentVolumeClaims unless volumes may be pruned', () => {
    const pvc = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'ledger', namespace: 'acme' },
      spec: {},
    };
    const ns = namespaceObject('old');
    const input = {
      ...who,
      desired: [configMap('a', { x: '1' })],
      live: [liveOf(stampObject(pvc, who).object), liveOf(stampObject(ns, who).object)],
      inventory: inventoryOf(pvc, ns),
    };
    const kept = planReconcile(input);
    expect(kept.items.filter((i) => i.action === 'retain').map((i) => i.ref.kind)).toEqual([
      'Namespace',
      'PersistentVolumeClaim',
    ]);
    expect(kept.inventoryAfter.entries.map((e) => e.name).sort()).toEqual(['a', 'ledger', 'old']);
    const pruned = planReconcile({ ...input, pruneVolumes: true });
    expect(pruned.items.filter((i) => i.action === 'delete').map((i) => i.ref.kind)).toEqual([
      'PersistentVolumeClaim',
      'Namespace',
    ]);
  });

  it('refuses to prune when the render is empty', () => {
    const old = configMap('old', { x: '1' });
    const plan = planReconcile({ ...who, desired: [], live: [appliedLive(old)], inventory: inventoryOf(old) });
    expect(plan.pruneRefused).toMatch(/render is empty/);
    expect(plan.items.map((i) => i.action)).toEqual(['retain']);
    expect(plan.inventoryAfter.entries.map((e) => e.name)).toEqual(['old']);
  });

  it('refuses to prune when the view of the cluster is incomplete', () => {
    const old = configMap('old', { x: '1' });
    const plan = planReconcile({
      ...who,
      desired: [configMap('a', { x: '1' })],
      live: [appliedLive(old)],
      inventory: inventoryOf(old),
      incompleteView: 'discovery failed for apps/v1',
    });
    expect(plan.items.some((i) => i.action === 'delete')).toBe(false);
    expect(plan.pruneRefused).toBe('discovery failed for apps/v1');
  });

  it('rejects the same object rendered twice', () => {
    expect(() =>
      planReconcile({
        ...who,
        desired: [configMap('a', {}), configMap('a', {})],
        live: [],
        inventory: { member: 'acme', entries: [] },
      }),
    ).toThrow(/twice/);
  });
});

describe('drift of label keys', () => {
  it('handles keys with dots and slashes (app.kubernetes.io/part-of)', () => {
    const cm = {
      ...configMap('a', { x: '1' }),
      metadata: { name: 'a', namespace: 'acme', labels: { 'app.kubernetes.io/part-of': 'demo' } },
    };
    const live = appliedLive(
      cm,
      [['f:data', 'f:x']],
      [{ manager: 'kubectl-label', paths: [['f:metadata', 'f:labels', 'f:app.kubernetes.io/part-of']] }],
    );
    const plan = planReconcile({ ...who, desired: [cm], live: [live], inventory: inventoryOf(cm) });
    expect(plan.items[0]?.drift).toEqual([
      { field: 'metadata.labels.app.kubernetes.io/part-of', manager: 'kubectl-label', operation: 'Update' },
    ]);
    expect(plan.items[0]?.outOfBandManagers).toEqual(['kubectl-label']);
  });

  it('treats atomic maps owned as a whole (a Service selector) as ours', () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'acme' },
      spec: { selector: { app: 's' } },
    };
    const { object: stamped } = stampObject(svc, who);
    const live = liveOf(stamped, { managedFields: ourFields(['f:spec', 'f:selector']) });
    expect(
      planReconcile({ ...who, desired: [svc], live: [live], inventory: { member: 'acme', entries: [] } }).items[0]
        ?.action,
    ).toBe('unchanged');
  });
});

describe('planReconcile: objects that are not ours to change', () => {
  it('keeps a CustomResourceDefinition no longer rendered unless volumes may be pruned (deleting it deletes every object of its kind)', () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.org' },
      spec: {},
    };
    const input = {
      ...who,
      desired: [configMap('a', { x: '1' })],
      live: [liveOf(stampObject(crd, who).object)],
      inventory: inventoryOf(crd),
    };
    const kept = planReconcile(input);
    expect(kept.items.filter((i) => i.action === 'delete')).toEqual([]);
    expect(kept.items.find((i) => i.ref.kind === 'CustomResourceDefinition')?.action).toBe('retain');
    expect(kept.inventoryAfter.entries.map((e) => e.name)).toContain('widgets.example.org');
    const pruned = planReconcile({ ...input, pruneVolumes: true });
    expect(pruned.items.filter((i) => i.action === 'delete').map((i) => i.ref.kind)).toEqual([
      'CustomResourceDefinition',
    ]);
  });

  it('never takes over a rendered object that another owner annotated as theirs', () => {
    const rendered = configMap('shared', { x: '1' });
    const stamped = stampObject(rendered, { member: 'acme', owner: 'other-consortium/acme' }).object;
    const plan = planReconcile({
      ...who,
      desired: [rendered],
      live: [liveOf(stamped)],
      inventory: { member: 'acme', entries: [] },
    });
    const item = plan.items.find((i) => i.ref.name === 'shared');
    expect(item?.action).toBe('update');
    expect(item?.error).toMatch(/owned by other-consortium\/acme/);
    // Never recorded as ours: a later prune must not be able to delete it.
    expect(plan.inventoryDuringApply.entries.map((e) => e.name)).not.toContain('shared');
    expect(plan.inventoryAfter.entries.map((e) => e.name)).not.toContain('shared');
  });
});
