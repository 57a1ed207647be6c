// Command lines of the control-plane components, run the way envtest runs them: loopback only,
// client-certificate authentication, RBAC, no insecure port.
import { join } from 'node:path';
import type { ClusterPki } from './pki.ts';

/** Controllers enough for namespace deletion, garbage collection and the per-namespace defaults. */
const controllers = [
  'namespace-controller',
  'garbage-collector-controller',
  'serviceaccount-controller',
  'serviceaccount-token-controller',
  'clusterrole-aggregation-controller',
  'root-ca-certificate-publisher-controller',
];

/** What a cluster with a node (test/node) needs on top: workloads, Services, volumes. */
const workloadControllers = [
  'deployment-controller',
  'replicaset-controller',
  'statefulset-controller',
  'daemonset-controller',
  'job-controller',
  'cronjob-controller',
  'ttl-after-finished-controller',
  'endpoints-controller',
  'endpointslice-controller',
  'endpointslice-mirroring-controller',
  'persistentvolume-binder-controller',
  'persistentvolume-protection-controller',
  'persistentvolumeclaim-protection-controller',
  'pod-garbage-collector-controller',
  'disruption-controller',
  // Removes the not-ready taint the kubelet registers with once the node reports Ready.
  'node-lifecycle-controller',
];

export interface EtcdArgsInput {
  readonly dataDir: string;
  readonly clientUrl: string;
  readonly peerPort: number;
}

export function etcdArgs({ dataDir, clientUrl, peerPort }: EtcdArgsInput): string[] {
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=default',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=default=${peerUrl}`,
    // Test data is thrown away; fsync only costs time.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ];
}

export interface ApiServerArgsInput {
  readonly name: string;
  readonly port: number;
  readonly etcdUrl: string;
  readonly pki: ClusterPki;
  readonly dir: string;
  /** The cluster gets a node (test/node): pods get service account tokens, logs come from the kubelet. */
  readonly runsPods?: boolean;
}

export function apiServerArgs({ name, port, etcdUrl, pki, dir, runsPods = false }: ApiServerArgsInput): string[] {
  return [
    `--etcd-servers=${etcdUrl}`,
    `--etcd-prefix=/clusters/${name}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    // The 'kubernetes' Service endpoints may not point at loopback, and nothing in-cluster needs them.
    '--endpoint-reconciler-type=none',
    `--secure-port=${port}`,
    `--cert-dir=${join(dir, 'apiserver-certs')}`,
    `--tls-cert-file=${pki.servingCertFile}`,
    `--tls-private-key-file=${pki.servingKeyFile}`,
    `--client-ca-file=${pki.caFile}`,
    '--authorization-mode=RBAC',
    // Without a node nothing mounts service account tokens; with one, pods get them as in production.
    ...(runsPods ? ['--kubelet-preferred-address-types=InternalIP'] : ['--disable-admission-plugins=ServiceAccount']),
    `--service-account-issuer=https://127.0.0.1:${port}`,
    `--service-account-key-file=${pki.serviceAccountPublicKeyFile}`,
    `--service-account-signing-key-file=${pki.serviceAccountKeyFile}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--allow-privileged=true',
    '--profiling=false',
  ];
}

export interface ControllerManagerArgsInput {
  readonly name: string;
  readonly kubeconfig: string;
  readonly caFile: string;
  readonly dir: string;
  readonly runsPods?: boolean;
}

export function controllerManagerArgs({
  name,
  kubeconfig,
  caFile,
  dir,
  runsPods = false,
}: ControllerManagerArgsInput): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    // No serving endpoint: nothing scrapes it, and it would need delegated authentication.
    '--secure-port=0',
    '--leader-elect=false',
    '--use-service-account-credentials=false',
    `--controllers=${(runsPods ? [...controllers, ...workloadControllers] : controllers).join(',')}`,
    `--service-account-private-key-file=${join(dir, 'sa.key')}`,
    `--root-ca-file=${caFile}`,
    `--cluster-name=${name}`,
  ];
}
