// Server-side apply of plain objects with the admin certificate, the way the harness installs the
// node's add-ons and the smoke tests create their pods, without a client library or kubectl.
import { requestKube, type KubeApi } from '../cluster/kube-request.ts';

export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Plural resource names of the kinds the node and its tests use; namespaced unless listed. */
const plurals: Readonly<Record<string, string>> = {
  Namespace: 'namespaces',
  ServiceAccount: 'serviceaccounts',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  Service: 'services',
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslices',
  Pod: 'pods',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Deployment: 'deployments',
  DaemonSet: 'daemonsets',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  ClusterRole: 'clusterroles',
  ClusterRoleBinding: 'clusterrolebindings',
  Role: 'roles',
  RoleBinding: 'rolebindings',
  StorageClass: 'storageclasses',
  NetworkPolicy: 'networkpolicies',
  CustomResourceDefinition: 'customresourcedefinitions',
  GatewayClass: 'gatewayclasses',
  Gateway: 'gateways',
  TLSRoute: 'tlsroutes',
  HTTPRoute: 'httproutes',
  Ingress: 'ingresses',
  IngressClass: 'ingressclasses',
  ValidatingAdmissionPolicy: 'validatingadmissionpolicies',
  ValidatingAdmissionPolicyBinding: 'validatingadmissionpolicybindings',
};
const clusterScoped = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'CustomResourceDefinition',
  'GatewayClass',
  'IngressClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
]);

export function objectPath(object: Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'>): string {
  const plural = plurals[object.kind];
  if (plural === undefined) throw new Error(`apply: unknown kind ${object.kind}`);
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  const ns = clusterScoped.has(object.kind) ? '' : `/namespaces/${object.metadata.namespace ?? 'default'}`;
  return `${base}${ns}/${plural}/${encodeURIComponent(object.metadata.name)}`;
}

export async function apply(endpoint: KubeApi, objects: readonly KubeObject[]): Promise<void> {
  for (const object of objects) {
    const response = await requestKube(endpoint, {
      method: 'PATCH',
      path: `${objectPath(object)}?fieldManager=consortium-test-node&force=true`,
      body: JSON.stringify(object),
      contentType: 'application/apply-patch+yaml',
      timeoutMs: 30_000,
    });
    if (response.status >= 300) {
      throw new Error(`apply ${object.kind} ${object.metadata.name}: HTTP ${response.status} ${response.body}`);
    }
  }
}

export async function getObject<T = Record<string, unknown>>(endpoint: KubeApi, path: string): Promise<T | undefined> {
  const response = await requestKube(endpoint, { path, timeoutMs: 10_000 });
  if (response.status === 404) return undefined;
  if (response.status >= 300) throw new Error(`GET ${path}: HTTP ${response.status} ${response.body}`);
  return JSON.parse(response.body) as T;
}

export async function deleteObject(endpoint: KubeApi, path: string): Promise<void> {
  const response = await requestKube(endpoint, { method: 'DELETE', path, timeoutMs: 30_000 });
  if (response.status >= 300 && response.status !== 404) {
    throw new Error(`DELETE ${path}: HTTP ${response.status} ${response.body}`);
  }
}
