import { describe, expect, it } from 'vitest';
import type { ResourceType } from '../../../tools/src/adapters/kube.ts';
import { parseAggregatedDiscovery, parseResourceList } from '../../../tools/src/adapters/kube/discovery.ts';

describe('discovery', () => {
  it('maps kinds to resources and scope, and reports stale groups (so prune is refused)', () => {
    const types = new Map<string, ResourceType>();
    const failed: string[] = [];
    parseAggregatedDiscovery(
      {
        kind: 'APIGroupDiscoveryList',
        items: [
          {
            metadata: { name: 'apps' },
            versions: [
              {
                version: 'v1',
                freshness: 'Current',
                resources: [
                  {
                    resource: 'statefulsets',
                    responseKind: { group: 'apps', version: 'v1', kind: 'StatefulSet' },
                    scope: 'Namespaced',
                  },
                ],
              },
            ],
          },
          {
            metadata: { name: 'metrics.k8s.io' },
            versions: [{ version: 'v1beta1', freshness: 'Stale', resources: [] }],
          },
        ],
      },
      types,
      failed,
    );
    expect(types.get('apps/v1/StatefulSet')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      resource: 'statefulsets',
      namespaced: true,
    });
    expect(failed).toEqual(['metrics.k8s.io/v1beta1']);
  });

  it('reads a legacy resource list, skipping subresources', () => {
    const types = new Map<string, ResourceType>();
    parseResourceList(
      'v1',
      {
        resources: [
          { name: 'namespaces', kind: 'Namespace', namespaced: false },
          { name: 'namespaces/status', kind: 'Namespace', namespaced: false },
        ],
      },
      types,
    );
    expect([...types.values()]).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', resource: 'namespaces', namespaced: false },
    ]);
  });
});
