// The in-cluster add-ons of the test node, as plain objects: CoreDNS, Traefik (Gateway API with
// TLS passthrough, and Ingress), the local-path provisioner and the storage classes it serves.
// Their service accounts are bound to cluster-admin: a test cluster, not a production policy.
import type { KubeObject } from './apply.ts';
import type { NodeNetwork } from './node-config.ts';

export interface AddonImages {
  readonly coredns: string;
  readonly traefik: string;
  readonly localPathProvisioner: string;
  readonly busybox: string;
}

export interface AddonOptions {
  readonly network: NodeNetwork;
  readonly images: AddonImages;
  /** Host directory the provisioner creates volumes in. */
  readonly localPathDir: string;
  /** Storage class names the provisioner serves; the first is the default class. */
  readonly storageClasses: readonly string[];
  /** Exact host names answered with the gateway's address (members' external names). */
  readonly gatewayHostNames: readonly string[];
  /** DNS zones whose every name is answered with the gateway's address. */
  readonly gatewayZones: readonly string[];
}

export const gatewayClassName = 'traefik';
export const traefikNamespace = 'traefik';
export const localPathNamespace = 'local-path-storage';
export const localPathProvisionerName = 'rancher.io/local-path';

const labels = (app: string) => ({ 'app.kubernetes.io/name': app });

function deployment(namespace: string, name: string, podSpec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: labels(name) },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels(name) },
      template: { metadata: { labels: labels(name) }, spec: { serviceAccountName: name, ...podSpec } },
    },
  };
}

function serviceAccount(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace } };
}

export function corefile(options: Pick<AddonOptions, 'network' | 'gatewayZones'>): string {
  const gateway = options.network.gatewayServiceIp;
  const zones = options.gatewayZones
    .map(
      (zone) => `    template IN A ${zone} {
        answer "{{ .Name }} 30 IN A ${gateway}"
    }
    template IN AAAA ${zone} {
        rcode NOERROR
    }`,
    )
    .join('\n');
  // No forward plugin: the node has no way out, so names outside these zones fail fast.
  return `.:53 {
    errors
    health :8080
    ready :8181
    hosts /etc/coredns/gateway-hosts {
        ttl 30
        reload 2s
        fallthrough
    }
${zones}
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 5
    }
    cache 5
    reload 2s
}
`;
}

export function gatewayHostsFile(network: NodeNetwork, names: readonly string[]): string {
  return names.length === 0 ? '' : `${network.gatewayServiceIp} ${names.join(' ')}\n`;
}

export function coreDnsObjects(options: AddonOptions): KubeObject[] {
  const ns = 'kube-system';
  return [
    serviceAccount(ns, 'coredns'),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns', namespace: ns },
      data: {
        Corefile: corefile(options),
        'gateway-hosts': gatewayHostsFile(options.network, options.gatewayHostNames),
      },
    },
    deployment(ns, 'coredns', {
      dnsPolicy: 'Default',
      priorityClassName: 'system-cluster-critical',
      containers: [
        {
          name: 'coredns',
          image: options.images.coredns,
          imagePullPolicy: 'Never',
          args: ['-conf', '/etc/coredns/Corefile'],
          ports: [
            { name: 'dns', containerPort: 53, protocol: 'UDP' },
            { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          ],
          readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 2 },
          volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'coredns' } }],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: ns, labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        clusterIP: options.network.dnsServiceIp,
        selector: labels('coredns'),
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
  ];
}

export function traefikObjects(options: AddonOptions): KubeObject[] {
  const ns = traefikNamespace;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    serviceAccount(ns, 'traefik'),
    deployment(ns, 'traefik', {
      containers: [
        {
          name: 'traefik',
          image: options.images.traefik,
          imagePullPolicy: 'Never',
          args: [
            // Gateway listeners bind to the entry point with the same port: render's listener is 443.
            '--entryPoints.websecure.address=:443',
            '--entryPoints.web.address=:80',
            '--entryPoints.traefik.address=:9000',
            '--ping=true',
            '--ping.entryPoint=traefik',
            '--providers.kubernetesGateway=true',
            // TLSRoute (passthrough) is in the experimental channel.
            '--providers.kubernetesGateway.experimentalChannel=true',
            `--providers.kubernetesGateway.statusAddress.ip=${options.network.gatewayServiceIp}`,
            '--providers.kubernetesIngress=true',
            '--global.checkNewVersion=false',
            '--global.sendAnonymousUsage=false',
            '--log.level=INFO',
          ],
          ports: [
            { name: 'websecure', containerPort: 443 },
            { name: 'web', containerPort: 80 },
          ],
          readinessProbe: { httpGet: { path: '/ping', port: 9000 }, periodSeconds: 2 },
        },
      ],
    }),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'traefik', namespace: ns },
      spec: {
        clusterIP: options.network.gatewayServiceIp,
        selector: labels('traefik'),
        ports: [
          { name: 'websecure', port: 443, targetPort: 443 },
          { name: 'web', port: 80, targetPort: 80 },
        ],
      },
    },
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: gatewayClassName },
      spec: { controllerName: 'traefik.io/gateway-controller' },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'traefik' },
      spec: { controller: 'traefik.io/ingress-controller' },
    },
  ];
}

export function localPathObjects(options: AddonOptions): KubeObject[] {
  const ns = localPathNamespace;
  const name = 'local-path-provisioner';
  const helperPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'helper-pod' },
    spec: {
      priorityClassName: 'system-node-critical',
      containers: [{ name: 'helper-pod', image: options.images.busybox, imagePullPolicy: 'Never' }],
    },
  };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    serviceAccount(ns, name),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'local-path-config', namespace: ns },
      data: {
        'config.json': JSON.stringify({
          nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: [options.localPathDir] }],
        }),
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
        'helperPod.yaml': JSON.stringify(helperPod),
      },
    },
    deployment(ns, name, {
      containers: [
        {
          name,
          image: options.images.localPathProvisioner,
          imagePullPolicy: 'Never',
          args: [
            '--debug',
            'start',
            '--config',
            '/etc/config/config.json',
            '--provisioner-name',
            localPathProvisionerName,
            '--service-account-name',
            name,
            '--configmap-name',
            'local-path-config',
            '--helper-image',
            options.images.busybox,
          ],
          env: [{ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } }],
          volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'local-path-config' } }],
    }),
    ...options.storageClasses.map((className, index): KubeObject => ({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: {
        name: className,
        annotations: { 'storageclass.kubernetes.io/is-default-class': index === 0 ? 'true' : 'false' },
      },
      provisioner: localPathProvisionerName,
      volumeBindingMode: 'WaitForFirstConsumer',
      reclaimPolicy: 'Delete',
    })),
  ];
}

export function addonRbac(): KubeObject[] {
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'consortium-test-node-addons' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [
        { kind: 'ServiceAccount', namespace: 'kube-system', name: 'coredns' },
        { kind: 'ServiceAccount', namespace: traefikNamespace, name: 'traefik' },
        { kind: 'ServiceAccount', namespace: localPathNamespace, name: 'local-path-provisioner' },
      ],
    },
  ];
}

/** The 'kubernetes' Service's endpoints: the API relay inside the node's network namespace. */
export function apiEndpoints(network: NodeNetwork): KubeObject[] {
  return [
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [network.nodeIp], conditions: { ready: true } }],
      ports: [{ name: 'https', port: network.relayPort, protocol: 'TCP' }],
    },
  ];
}
