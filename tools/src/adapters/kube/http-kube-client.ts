// KubeClient over HTTP(S): raw JSON in and out, so fields a typed client would not know (CRD
// schemas with x-kubernetes-preserve-unknown-fields, new API fields) reach the server intact.
import {
  KubeApiError,
  typeKey,
  type ApplyOptions,
  type DeleteOptions,
  type Discovery,
  type GetOptions,
  type KubeClient,
  type KubeObject,
  type ListOptions,
  type RequestCounts,
  type ResourceType,
} from '../kube.ts';
import { HttpTransport, type RetryPolicy } from './http-transport.ts';
import type { KubeConnection } from './kube-credentials.ts';
import { parseAggregatedDiscovery, parseResourceList } from './discovery.ts';

const aggregatedAccept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
const pageSize = '500';

export interface HttpKubeClientOptions {
  readonly retry?: RetryPolicy;
  readonly timeoutMs?: number;
}

export function createHttpKubeClient(
  connection: KubeConnection,
  options: HttpKubeClientOptions = {},
): KubeClient & { close(): void } {
  const http = new HttpTransport(connection, options);
  return {
    description: `${connection.contextName} at ${connection.server}`,
    discover: () => discover(http),
    list: (o) => list(http, o),
    get: (o) => get(http, o),
    apply: async (object, o: ApplyOptions) => {
      const res = await http.send({
        method: 'PATCH',
        path: objectPath(o.type, object.metadata.namespace, object.metadata.name),
        query: {
          fieldManager: o.fieldManager,
          force: o.force ? 'true' : undefined,
          dryRun: o.dryRun ? 'All' : undefined,
        },
        body: object,
        contentType: 'application/apply-patch+yaml',
      });
      return withType(res.body as KubeObject, o.type);
    },
    create: async (object, o) => {
      const res = await http.send({
        method: 'POST',
        path: collectionPath(o.type, object.metadata.namespace),
        body: object,
      });
      return withType(res.body as KubeObject, o.type);
    },
    replace: async (object, o) => {
      const res = await http.send({
        method: 'PUT',
        path: objectPath(o.type, object.metadata.namespace, object.metadata.name),
        body: object,
      });
      return withType(res.body as KubeObject, o.type);
    },
    delete: (o) => remove(http, o),
    requestCounts: (): RequestCounts => http.counts(),
    close: () => http.close(),
  };
}

function collectionPath(type: ResourceType, namespace: string | undefined): string {
  const [group, version] = type.apiVersion.includes('/') ? type.apiVersion.split('/') : ['', type.apiVersion];
  const prefix = group === '' ? `/api/${version ?? ''}` : `/apis/${group ?? ''}/${version ?? ''}`;
  const ns = type.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${prefix}${ns}/${type.resource}`;
}

function objectPath(type: ResourceType, namespace: string | undefined, name: string): string {
  if (type.namespaced && namespace === undefined)
    throw new KubeApiError(`${type.kind} "${name}" is namespaced but has no namespace`);
  return `${collectionPath(type, namespace)}/${encodeURIComponent(name)}`;
}

function withType(object: KubeObject, type: ResourceType): KubeObject {
  // LIST items carry no apiVersion/kind; the rest of reconcile relies on both.
  return { ...object, apiVersion: object.apiVersion ?? type.apiVersion, kind: object.kind ?? type.kind };
}

async function list(http: HttpTransport, o: ListOptions): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    const res = await http.send({
      method: 'GET',
      path: collectionPath(o.type, o.namespace),
      query: { labelSelector: o.labelSelector, limit: pageSize, continue: token },
    });
    const body = res.body as { items?: unknown; metadata?: { continue?: string } };
    if (!Array.isArray(body.items)) throw new KubeApiError(`LIST ${o.type.kind}: response has no items`);
    for (const item of body.items as KubeObject[]) items.push(withType(item, o.type));
    token = body.metadata?.continue === '' ? undefined : body.metadata?.continue;
  } while (token !== undefined);
  return items;
}

async function get(http: HttpTransport, o: GetOptions): Promise<KubeObject | undefined> {
  try {
    const res = await http.send({ method: 'GET', path: objectPath(o.type, o.namespace, o.name) });
    return withType(res.body as KubeObject, o.type);
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 404) return undefined;
    throw error;
  }
}

async function remove(http: HttpTransport, o: DeleteOptions): Promise<boolean> {
  try {
    await http.send({
      method: 'DELETE',
      path: objectPath(o.type, o.namespace, o.name),
      query: { dryRun: o.dryRun === true ? 'All' : undefined },
      body: {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        propagationPolicy: o.propagationPolicy,
        ...(o.uid === undefined ? {} : { preconditions: { uid: o.uid } }),
      },
    });
    return true;
  } catch (error) {
    // A retried DELETE whose first attempt went through answers 404: the object is gone either way.
    if (error instanceof KubeApiError && error.status === 404) return false;
    throw error;
  }
}

async function discover(http: HttpTransport): Promise<Discovery> {
  const types = new Map<string, ResourceType>();
  const failedGroups: string[] = [];
  const [core, groups] = await Promise.all([
    http.send({ method: 'GET', path: '/api', accept: aggregatedAccept }),
    http.send({ method: 'GET', path: '/apis', accept: aggregatedAccept }),
  ]);
  const aggregated = [core, groups].every((r) => r.contentType.includes('apidiscovery.k8s.io'));
  if (aggregated) {
    for (const r of [core, groups]) parseAggregatedDiscovery(r.body, types, failedGroups);
    return { types, failedGroups };
  }
  // Servers without aggregated discovery: one request per group version.
  const groupVersions = ['v1'];
  const groupList = groups.body as { groups?: { versions?: { groupVersion?: string }[] }[] };
  for (const g of groupList.groups ?? [])
    for (const v of g.versions ?? []) if (v.groupVersion !== undefined) groupVersions.push(v.groupVersion);
  await Promise.all(
    groupVersions.map(async (gv) => {
      try {
        const res = await http.send({ method: 'GET', path: gv === 'v1' ? '/api/v1' : `/apis/${gv}` });
        parseResourceList(gv, res.body, types);
      } catch {
        failedGroups.push(gv);
      }
    }),
  );
  return { types, failedGroups };
}

export { typeKey };
