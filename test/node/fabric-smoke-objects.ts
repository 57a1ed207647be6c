// The objects of the Fabric images' smoke test on the node (fabric-images.node.test.ts): one org's
// crypto material as Secrets, an orderer and a peer (hardened as render hardens them: non-root,
// read-only root file system, RuntimeDefault seccomp) with their Services, and a tools pod running
// a script as the rendered Jobs do (`/bin/sh -ec`).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { containerSecurityContext, FABRIC_UID, podSecurityContext } from '../../tools/src/render/pod-security.ts';
import type { NodeMaterial, OrgMaterial } from '../fabric-network/org-material.ts';
import type { KubeObject } from './apply.ts';

export const PORTS = {
  orderer: 7050,
  ordererAdmin: 7053,
  peer: 7051,
  chaincode: 7052,
  ca: 7054,
  operations: 9443,
} as const;
const MSP = '/var/hyperledger/msp';
const TLS = '/var/hyperledger/tls';
const TLS_ROOTS = '/var/hyperledger/tls-roots';

interface Mount {
  readonly volume: Record<string, unknown>;
  readonly mount: Record<string, unknown>;
}

/** A directory's files (recursively) as a Secret, and the volume that lays them out again. */
export async function secretOfDir(namespace: string, name: string, dir: string, mountPath: string) {
  const files: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(at, entry.name));
      else files.push(join(at, entry.name));
    }
  };
  await walk(dir);
  const data: Record<string, string> = {};
  const items: { key: string; path: string }[] = [];
  for (const file of files.sort()) {
    const path = relative(dir, file);
    const key = path.replaceAll('/', '.');
    data[key] = (await readFile(file)).toString('base64');
    items.push({ key, path });
  }
  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace }, type: 'Opaque', data };
  const mount: Mount = {
    volume: { name, secret: { secretName: name, items, defaultMode: 0o440 } },
    mount: { name, mountPath, readOnly: true },
  };
  return { secret, mount };
}

const scratch = (name: string, mountPath: string): Mount => ({
  volume: { name, emptyDir: {} },
  mount: { name, mountPath },
});

function pod(options: {
  readonly namespace: string;
  readonly name: string;
  readonly image: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly Mount[];
  readonly ports?: readonly number[];
  readonly readyOn?: number;
  readonly restartPolicy: 'Always' | 'Never';
}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: options.name, namespace: options.namespace, labels: { app: options.name } },
    spec: {
      restartPolicy: options.restartPolicy,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      securityContext: podSecurityContext(FABRIC_UID),
      containers: [
        {
          name: 'main',
          image: options.image,
          imagePullPolicy: 'Never',
          command: [...options.command],
          env: Object.entries(options.env).map(([name, value]) => ({ name, value })),
          securityContext: containerSecurityContext(),
          volumeMounts: options.mounts.map((m) => m.mount),
          ...(options.ports === undefined ? {} : { ports: options.ports.map((containerPort) => ({ containerPort })) }),
          ...(options.readyOn === undefined
            ? {}
            : { readinessProbe: { httpGet: { path: '/healthz', port: options.readyOn }, periodSeconds: 2 } }),
        },
      ],
      volumes: options.mounts.map((m) => m.volume),
    },
  };
}

export function service(namespace: string, name: string, ports: readonly number[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { app: name },
      ports: ports.map((port) => ({ name: `p${port}`, port, targetPort: port, protocol: 'TCP' })),
    },
  };
}

/** The node's MSP and TLS Secrets (TLS: tls.crt, tls.key and the org's TLS CA as ca.pem). */
async function nodeSecrets(namespace: string, name: string, node: NodeMaterial, org: OrgMaterial) {
  const msp = await secretOfDir(namespace, `${name}-msp`, node.mspDir, MSP);
  const tlsData = {
    'tls.crt': (await readFile(node.tlsCert)).toString('base64'),
    'tls.key': (await readFile(node.tlsKey)).toString('base64'),
    'ca.pem': (await readFile(org.tlsCaCertFile)).toString('base64'),
  };
  const tls: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `${name}-tls`, namespace },
    type: 'Opaque',
    data: tlsData,
  };
  const tlsMount: Mount = {
    volume: { name: `${name}-tls`, secret: { secretName: `${name}-tls`, defaultMode: 0o440 } },
    mount: { name: `${name}-tls`, mountPath: TLS, readOnly: true },
  };
  return { objects: [msp.secret, tls], mounts: [msp.mount, tlsMount] };
}

export async function ordererObjects(options: {
  readonly namespace: string;
  readonly image: string;
  readonly org: OrgMaterial;
  readonly node: NodeMaterial;
}): Promise<KubeObject[]> {
  const { namespace, org, node } = options;
  const secrets = await nodeSecrets(namespace, 'orderer', node, org);
  const env = {
    FABRIC_LOGGING_SPEC: 'INFO',
    ORDERER_GENERAL_LISTENADDRESS: '0.0.0.0',
    ORDERER_GENERAL_LISTENPORT: String(PORTS.orderer),
    ORDERER_GENERAL_LOCALMSPID: org.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: MSP,
    ORDERER_GENERAL_TLS_ENABLED: 'true',
    ORDERER_GENERAL_TLS_CERTIFICATE: `${TLS}/tls.crt`,
    ORDERER_GENERAL_TLS_PRIVATEKEY: `${TLS}/tls.key`,
    ORDERER_GENERAL_TLS_ROOTCAS: `[${TLS}/ca.pem]`,
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: `${TLS}/tls.crt`,
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: `${TLS}/tls.key`,
    ORDERER_FILELEDGER_LOCATION: '/var/hyperledger/production/orderer',
    ORDERER_CONSENSUS_WALDIR: '/var/hyperledger/production/orderer/etcdraft/wal',
    ORDERER_CONSENSUS_SNAPDIR: '/var/hyperledger/production/orderer/etcdraft/snapshot',
    ORDERER_ADMIN_LISTENADDRESS: `0.0.0.0:${PORTS.ordererAdmin}`,
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_CERTIFICATE: `${TLS}/tls.crt`,
    ORDERER_ADMIN_TLS_PRIVATEKEY: `${TLS}/tls.key`,
    ORDERER_ADMIN_TLS_ROOTCAS: `[${TLS}/ca.pem]`,
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${TLS}/ca.pem]`,
    ORDERER_OPERATIONS_LISTENADDRESS: `0.0.0.0:${PORTS.operations}`,
    ORDERER_METRICS_PROVIDER: 'disabled',
  };
  const ports = [PORTS.orderer, PORTS.ordererAdmin, PORTS.operations];
  return [
    ...secrets.objects,
    pod({
      namespace,
      name: 'orderer',
      image: options.image,
      command: ['orderer'],
      env,
      mounts: [...secrets.mounts, scratch('ledger', '/var/hyperledger/production'), scratch('tmp', '/tmp')],
      ports,
      readyOn: PORTS.operations,
      restartPolicy: 'Always',
    }),
    service(namespace, 'orderer', ports),
  ];
}

export async function peerObjects(options: {
  readonly namespace: string;
  readonly image: string;
  readonly org: OrgMaterial;
  readonly node: NodeMaterial;
}): Promise<KubeObject[]> {
  const { namespace, org, node } = options;
  const secrets = await nodeSecrets(namespace, 'peer', node, org);
  const env = {
    FABRIC_LOGGING_SPEC: 'INFO',
    CORE_PEER_ID: 'peer0',
    CORE_PEER_ADDRESS: `${node.host}:${PORTS.peer}`,
    CORE_PEER_LISTENADDRESS: `0.0.0.0:${PORTS.peer}`,
    CORE_PEER_CHAINCODELISTENADDRESS: `0.0.0.0:${PORTS.chaincode}`,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: `${node.host}:${PORTS.peer}`,
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: MSP,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: `${TLS}/tls.crt`,
    CORE_PEER_TLS_KEY_FILE: `${TLS}/tls.key`,
    CORE_PEER_TLS_ROOTCERT_FILE: `${TLS}/ca.pem`,
    CORE_PEER_FILESYSTEMPATH: '/var/hyperledger/production',
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: '/var/hyperledger/production/snapshots',
    CORE_OPERATIONS_LISTENADDRESS: `0.0.0.0:${PORTS.operations}`,
    CORE_METRICS_PROVIDER: 'disabled',
    // No container engine: chaincode runs as a service, through the image's CCaaS builder
    // (core.yaml's externalBuilders entry, /opt/hyperledger/ccaas_builder, left as the image has it).
    CORE_VM_ENDPOINT: '',
  };
  const ports = [PORTS.peer, PORTS.operations];
  return [
    ...secrets.objects,
    pod({
      namespace,
      name: 'peer',
      image: options.image,
      command: ['peer', 'node', 'start'],
      env,
      mounts: [...secrets.mounts, scratch('ledger', '/var/hyperledger/production'), scratch('tmp', '/tmp')],
      ports,
      readyOn: PORTS.operations,
      restartPolicy: 'Always',
    }),
    service(namespace, 'peer', ports),
  ];
}

/**
 * A run-to-completion pod on the tools image running `script` with `/bin/sh -ec`, as the org's
 * admin (MSP, TLS client pair, TLS CA), with extra files (e.g. a chaincode package) under /input.
 */
export async function toolsPodObjects(options: {
  readonly namespace: string;
  readonly image: string;
  readonly org: OrgMaterial;
  readonly script: string;
  readonly env: Readonly<Record<string, string>>;
  readonly input: Readonly<Record<string, Buffer>>;
}): Promise<KubeObject[]> {
  const { namespace, org } = options;
  const msp = await secretOfDir(namespace, 'admin-msp', org.adminMspDir, '/var/hyperledger/admin/msp');
  const adminTls: KubeObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'admin-tls', namespace },
    type: 'Opaque',
    data: {
      'tls.crt': (await readFile(org.adminTlsCert)).toString('base64'),
      'tls.key': (await readFile(org.adminTlsKey)).toString('base64'),
      'ca.pem': (await readFile(org.tlsCaCertFile)).toString('base64'),
    },
  };
  const input: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'input', namespace },
    binaryData: Object.fromEntries(Object.entries(options.input).map(([k, v]) => [k, v.toString('base64')])),
  };
  const mounts: Mount[] = [
    msp.mount,
    {
      volume: { name: 'admin-tls', secret: { secretName: 'admin-tls', defaultMode: 0o440 } },
      mount: { name: 'admin-tls', mountPath: TLS_ROOTS, readOnly: true },
    },
    { volume: { name: 'input', configMap: { name: 'input' } }, mount: { name: 'input', mountPath: '/input' } },
    scratch('work', '/work'),
    scratch('tmp', '/tmp'),
  ];
  return [
    msp.secret,
    adminTls,
    input,
    pod({
      namespace,
      name: 'tools',
      image: options.image,
      command: ['/bin/sh', '-ec', options.script],
      env: {
        HOME: '/work',
        CORE_PEER_LOCALMSPID: org.mspId,
        CORE_PEER_MSPCONFIGPATH: '/var/hyperledger/admin/msp',
        CORE_PEER_TLS_ENABLED: 'true',
        CORE_PEER_TLS_ROOTCERT_FILE: `${TLS_ROOTS}/ca.pem`,
        ADMIN_TLS_DIR: TLS_ROOTS,
        ...options.env,
      },
      mounts,
      restartPolicy: 'Never',
    }),
  ];
}

/** Fabric CA without TLS (the smoke test asks for its CA certificate only), data on an emptyDir. */
export function caObjects(options: { readonly namespace: string; readonly image: string }): KubeObject[] {
  const ports = [PORTS.ca, PORTS.operations];
  return [
    pod({
      namespace: options.namespace,
      name: 'ca',
      image: options.image,
      command: ['fabric-ca-server', 'start', '-b', 'admin:adminpw'],
      env: {
        FABRIC_CA_SERVER_HOME: '/var/hyperledger/fabric-ca',
        FABRIC_CA_SERVER_CA_NAME: 'ca',
        FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `0.0.0.0:${PORTS.operations}`,
      },
      mounts: [scratch('data', '/var/hyperledger/fabric-ca'), scratch('tmp', '/tmp')],
      ports,
      readyOn: PORTS.operations,
      restartPolicy: 'Always',
    }),
    service(options.namespace, 'ca', ports),
  ];
}

/** The sample chaincode as a chaincode server under the package ID the peer knows it by. */
export function chaincodeObjects(options: {
  readonly namespace: string;
  readonly image: string;
  readonly packageId: string;
}): KubeObject[] {
  return [
    pod({
      namespace: options.namespace,
      name: 'provenance',
      image: options.image,
      command: ['/provenance'],
      env: { CHAINCODE_ID: options.packageId, CHAINCODE_SERVER_ADDRESS: `0.0.0.0:${PORTS.chaincode}` },
      mounts: [scratch('tmp', '/tmp')],
      ports: [PORTS.chaincode],
      restartPolicy: 'Always',
    }),
    service(options.namespace, 'provenance', [PORTS.chaincode]),
  ];
}
