// What the end-to-end test needs of a user's cluster, checked before anything is created, each
// with the reason the test does not run and what to do about it: the Gateway API serving the
// TLSRoute render emits and a GatewayClass, a storage class, none of the members' namespaces yet,
// the Fabric images on the nodes (or pullable), and in-cluster DNS answering every member's
// external host name (a member's pods dial the others through the gateway by those names; the
// test node's CoreDNS answers them with its gateway-hosts and zones).
import { randomBytes } from 'node:crypto';
import type { KubeApi } from '../cluster/kube-request.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { apply, deleteObject, getObject, type KubeObject } from '../node/apply.ts';
import type { E2eFootprint } from './e2e-cluster.ts';
import { USER_CLUSTER_VARIABLES as V, type UserClusterConfig } from './user-cluster-env.ts';

export type UserClusterCheck =
  | { readonly ok: true; readonly gatewayClassName: string; readonly storageClass: string }
  | { readonly ok: false; readonly reason: string };

interface ListOf<T> {
  readonly items: readonly T[];
}
interface Named {
  readonly metadata: { readonly name: string; readonly annotations?: Readonly<Record<string, string>> };
}

const DOCS = 'docs/testing.md, "On a cluster of your own"';

export async function checkUserCluster(
  api: KubeApi,
  config: UserClusterConfig,
  footprint: E2eFootprint,
): Promise<UserClusterCheck> {
  const fail = (reason: string) => ({ ok: false as const, reason: `${reason} (${DOCS})` });

  const gatewayApi = await getObject<{ resources: readonly { name: string }[] }>(
    api,
    '/apis/gateway.networking.k8s.io/v1',
  );
  if (gatewayApi === undefined)
    return fail('the cluster serves no Gateway API (gateway.networking.k8s.io/v1): install one implementation');
  if (!gatewayApi.resources.some((r) => r.name === 'tlsroutes'))
    return fail(
      'the cluster serves no TLSRoute in gateway.networking.k8s.io/v1 (render emits it for TLS passthrough): ' +
        'install the Gateway API CRDs v1.5 or later (experimental channel) and an implementation that routes TLSRoute',
    );
  const classes = (await getObject<ListOf<Named>>(api, '/apis/gateway.networking.k8s.io/v1/gatewayclasses'))?.items;
  const classNames = (classes ?? []).map((c) => c.metadata.name);
  const gatewayClassName = config.gatewayClass ?? (classNames.length === 1 ? classNames[0] : undefined);
  if (gatewayClassName === undefined || !classNames.includes(gatewayClassName))
    return fail(
      config.gatewayClass !== undefined
        ? `${V.gatewayClass}=${config.gatewayClass}: no such GatewayClass (the cluster has: ${classNames.join(', ') || 'none'})`
        : `the cluster has ${classNames.length === 0 ? 'no GatewayClass' : `GatewayClasses ${classNames.join(', ')}`}: ` +
            `set ${V.gatewayClass} to the one whose gateway passes TLS through`,
    );

  const storage = (await getObject<ListOf<Named>>(api, '/apis/storage.k8s.io/v1/storageclasses'))?.items ?? [];
  const isDefault = (c: Named) => c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
  const storageClass = config.storageClass ?? storage.find(isDefault)?.metadata.name;
  if (storageClass === undefined || !storage.some((c) => c.metadata.name === storageClass))
    return fail(
      config.storageClass !== undefined
        ? `${V.storageClass}=${config.storageClass}: no such StorageClass (the cluster has: ${storage.map((c) => c.metadata.name).join(', ') || 'none'})`
        : `the cluster has no default StorageClass: set ${V.storageClass}`,
    );

  const taken: string[] = [];
  for (const ns of footprint.namespaces)
    if ((await getObject(api, `/api/v1/namespaces/${ns}`)) !== undefined) taken.push(ns);
  if (taken.length > 0)
    return fail(
      `namespace${taken.length > 1 ? 's' : ''} ${taken.join(', ')} already exist${taken.length > 1 ? '' : 's'} on the cluster ` +
        `(a previous run kept with ${V.keep}?): the test starts the members from nothing; ` +
        `kubectl delete namespace ${taken.join(' ')}`,
    );

  const probe = await probeImagesAndDns(api, config, footprint);
  if (probe !== '') return fail(probe);
  return { ok: true, gatewayClassName, storageClass };
}

interface ContainerState {
  readonly name: string;
  readonly state?: {
    readonly waiting?: { readonly reason?: string; readonly message?: string };
    readonly running?: unknown;
    readonly terminated?: unknown;
  };
}

const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName']);

/**
 * One pod in a namespace of its own: a container per image (a started container, whatever its
 * exit, proves the node has the image) and, in the tools image, `getent hosts` for every external
 * host name. Returns '' when all is well, else what is wrong.
 */
async function probeImagesAndDns(api: KubeApi, config: UserClusterConfig, footprint: E2eFootprint): Promise<string> {
  const namespace = `consortium-e2e-check-${randomBytes(3).toString('hex')}`;
  const images = config.images;
  const container = (name: string, image: string, command?: string[]) => ({
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ...(command === undefined ? {} : { command }),
    resources: { requests: { cpu: '5m', memory: '16Mi' } },
  });
  // One line per name: "NAME ADDRESS ..." or "NAME -" (getent prints the canonical name, not the one asked).
  const lookups = footprint.externalHosts.map((h) => `echo "${h} $(getent hosts ${h} || echo -)"`).join('; ');
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'check', namespace },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      containers: [
        container('dns', images.tools, ['sh', '-c', lookups]),
        container('peer', images.peer, ['peer', 'version']),
        container('orderer', images.orderer, ['orderer', 'version']),
        ...(images.ca === undefined ? [] : [container('ca', images.ca, ['fabric-ca-server', 'version'])]),
        ...(images.provenance === undefined ? [] : [container('provenance', images.provenance)]),
      ],
    },
  };
  const imageOf = new Map<string, string>(
    (pod['spec'] as { containers: { name: string; image: string }[] }).containers.map((c) => [c.name, c.image]),
  );
  await apply(api, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }]);
  try {
    // Pods are admitted once the namespace's default ServiceAccount exists.
    for (
      let i = 0;
      (await getObject(api, `/api/v1/namespaces/${namespace}/serviceaccounts/default`)) === undefined;
      i++
    ) {
      if (i > 60) return `namespace ${namespace} got no default ServiceAccount in 30 s`;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await apply(api, [pod]);
    const deadline = Date.now() + 180_000;
    let states: readonly ContainerState[] = [];
    for (;;) {
      const status = await getObject<{ status?: { containerStatuses?: readonly ContainerState[] } }>(
        api,
        `/api/v1/namespaces/${namespace}/pods/check`,
      );
      states = status?.status?.containerStatuses ?? [];
      const pullFailed = states.filter((s) => PULL_FAILURES.has(s.state?.waiting?.reason ?? ''));
      if (pullFailed.length > 0)
        return (
          `the cluster's nodes neither have nor can pull ${pullFailed.map((s) => imageOf.get(s.name)).join(', ')} ` +
          `(${pullFailed.map((s) => s.state?.waiting?.message ?? s.state?.waiting?.reason).join('; ')}): ` +
          `load the images into the cluster (kind: kind load docker-image REF) or name others in ${V.images}`
        );
      const dns = states.find((s) => s.name === 'dns');
      const settled = (s: ContainerState) =>
        s.state?.terminated !== undefined ||
        s.state?.running !== undefined ||
        (s.state?.waiting?.reason !== undefined && s.state.waiting.reason !== 'ContainerCreating');
      if (dns?.state?.terminated !== undefined && states.length === imageOf.size && states.every(settled)) break;
      if (Date.now() > deadline)
        return (
          `the check pod (${namespace}/check) did not finish in 180 s: ${JSON.stringify(states.map((s) => ({ [s.name]: s.state })))}` +
          ' (pulling an image? load the images into the cluster beforehand)'
        );
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    const log = await requestKube(api, { path: `/api/v1/namespaces/${namespace}/pods/check/log?container=dns` });
    if (log.status !== 200) return `the DNS check's log: HTTP ${log.status} ${log.body}`;
    const resolved = parseGetentHosts(log.body, footprint.externalHosts);
    const missing = footprint.externalHosts.filter((h) => resolved.get(h) === undefined);
    if (missing.length > 0)
      return (
        `inside the cluster ${missing.join(', ')} do not resolve: the members' pods dial each other's external ` +
        `host names, which the cluster's DNS must answer with the gateway's address; make it answer every name ` +
        `in the zones ${footprint.zones.join(', ')} with the address of the gateway's Service`
      );
    const addresses = [...new Set(resolved.values())];
    console.log(`inside the cluster the members' external host names resolve to ${addresses.join(', ')}`);
    return '';
  } finally {
    await deleteObject(api, `/api/v1/namespaces/${namespace}`).catch(() => undefined);
  }
}

/** Lines "NAME ADDRESS ..." (NAME followed by what `getent hosts NAME` printed) or "NAME -" when it did not resolve. */
export function parseGetentHosts(output: string, hosts: readonly string[]): Map<string, string | undefined> {
  const resolved = new Map<string, string | undefined>(hosts.map((h) => [h, undefined]));
  for (const line of output.split('\n')) {
    const [name, address] = line.trim().split(/\s+/);
    if (name === undefined || address === undefined || address === '-' || !resolved.has(name)) continue;
    resolved.set(name, address);
  }
  return resolved;
}
