// Parsing of the API server's discovery documents into kind -> resource mappings.
import { typeKey, type ResourceType } from '../kube.ts';

interface AggregatedResource {
  resource?: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList (GET /api and /apis with the aggregated Accept). */
export function parseAggregatedDiscovery(
  body: unknown,
  types: Map<string, ResourceType>,
  failedGroups: string[],
): void {
  const items = (body as { items?: unknown[] }).items ?? [];
  for (const item of items as {
    metadata?: { name?: string };
    versions?: { version?: string; resources?: AggregatedResource[]; freshness?: string }[];
  }[]) {
    const group = item.metadata?.name ?? '';
    for (const v of item.versions ?? []) {
      const apiVersion = group === '' ? (v.version ?? '') : `${group}/${v.version ?? ''}`;
      if (v.freshness === 'Stale') failedGroups.push(apiVersion);
      for (const r of v.resources ?? []) {
        const kind = r.responseKind?.kind;
        if (r.resource === undefined || kind === undefined || kind === '') continue;
        types.set(typeKey(apiVersion, kind), {
          apiVersion,
          kind,
          resource: r.resource,
          namespaced: r.scope === 'Namespaced',
        });
      }
    }
  }
}

/** A legacy APIResourceList (GET /api/v1, /apis/GROUP/VERSION). */
export function parseResourceList(groupVersion: string, body: unknown, types: Map<string, ResourceType>): void {
  const resources = (body as { resources?: { name?: string; kind?: string; namespaced?: boolean }[] }).resources ?? [];
  for (const r of resources) {
    if (r.name === undefined || r.kind === undefined || r.name.includes('/')) continue;
    types.set(typeKey(groupVersion, r.kind), {
      apiVersion: groupVersion,
      kind: r.kind,
      resource: r.name,
      namespaced: r.namespaced === true,
    });
  }
}
