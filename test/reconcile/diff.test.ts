import { describe, expect, it } from 'vitest';
import { diffObjects } from '../../tools/src/reconcile/diff.ts';

describe('diffObjects', () => {
  it('lists changed leaf fields with list items named, ignoring server bookkeeping', () => {
    const before = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', resourceVersion: '1', managedFields: [] },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'cc', image: 'a:1' }] } } },
      status: { replicas: 1 },
    };
    const after = {
      ...before,
      metadata: { name: 'd', resourceVersion: '2' },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'cc', image: 'a:2' }] } } },
      status: {},
    };
    expect(diffObjects(before, after)).toEqual([
      { path: 'spec.replicas', before: 1, after: 2 },
      { path: 'spec.template.spec.containers[name=cc].image', before: 'a:1', after: 'a:2' },
    ]);
  });

  it('never shows Secret values', () => {
    const before = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: 'b2xk' } };
    const after = { ...before, data: { key: 'bmV3', extra: 'eA==' } };
    const text = JSON.stringify(diffObjects(before, after));
    expect(text).not.toContain('bmV3');
    expect(text).not.toContain('b2xk');
    expect(diffObjects(before, after).map((c) => c.path)).toEqual(['data.extra', 'data.key']);
  });

  it('never shows the copy of a Secret that kubectl apply keeps in an annotation', () => {
    const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';
    const before = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', annotations: { [lastApplied]: '{"data":{"key":"c2VjcmV0"}}' } },
      data: { key: 'c2VjcmV0' },
    };
    const after = { ...before, metadata: { name: 's', annotations: { [lastApplied]: '{"data":{"key":"bmV3"}}' } } };
    const changes = diffObjects(before, after);
    expect(changes.map((c) => c.path)).toEqual([`metadata.annotations.${lastApplied}`]);
    expect(JSON.stringify(changes)).not.toContain('c2VjcmV0');
    expect(JSON.stringify(changes)).not.toContain('bmV3');
  });
});
