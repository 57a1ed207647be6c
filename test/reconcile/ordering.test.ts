import { describe, expect, it } from 'vitest';
import { batchByRank, compareForApply, compareForDelete } from '../../tools/src/reconcile/ordering.ts';

const refs = [
  'ValidatingWebhookConfiguration',
  'Deployment',
  'ConfigMap',
  'CustomResourceDefinition',
  'Namespace',
  'RoleBinding',
  'Role',
  'Widget',
  'Service',
].map((kind) => ({
  apiVersion: 'v1',
  kind,
  name: 'x',
}));

describe('apply order', () => {
  it('puts Namespaces, CRDs, RBAC and config, workloads, custom resources, webhooks in that order', () => {
    expect([...refs].sort(compareForApply).map((r) => r.kind)).toEqual([
      'Namespace',
      'CustomResourceDefinition',
      'Role',
      'ConfigMap',
      'RoleBinding',
      'Service',
      'Deployment',
      'Widget',
      'ValidatingWebhookConfiguration',
    ]);
  });

  it('applies Gateway API routing with the Services, the Gateway before its routes, before the workloads', () => {
    const kinds = ['Deployment', 'TLSRoute', 'Service', 'Gateway', 'Widget'].map((kind) => ({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind,
      name: 'x',
    }));
    expect([...kinds].sort(compareForApply).map((r) => r.kind)).toEqual([
      'Gateway',
      'Service',
      'TLSRoute',
      'Deployment',
      'Widget',
    ]);
  });

  it('deletes in the reverse order', () => {
    const sorted = [...refs].sort(compareForDelete).map((r) => r.kind);
    expect(sorted[0]).toBe('ValidatingWebhookConfiguration');
    expect(sorted.at(-1)).toBe('Namespace');
  });

  it('batches consecutive objects of one rank', () => {
    const batches = batchByRank([...refs].sort(compareForApply).map((ref) => ({ ref })));
    expect(batches.map((b) => b.map((i) => i.ref.kind))).toEqual([
      ['Namespace'],
      ['CustomResourceDefinition'],
      ['Role'],
      ['ConfigMap', 'RoleBinding'],
      ['Service'],
      ['Deployment'],
      ['Widget'],
      ['ValidatingWebhookConfiguration'],
    ]);
  });
});
