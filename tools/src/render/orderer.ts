// Each orderer the member contributes: an etcdraft node with the channel participation API
// (osnadmin joins it to channels, there is no system channel) and a persistent ledger.
import type { Orderer } from '../model/types.ts';
import { ordererResourceName } from '../model/resource-names.ts';
import type { MemberContext } from './context.ts';
import { antiAffinity } from './disruption.ts';
import { mspVolume } from './msp-config.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { ordererMspSecret, ordererTlsSecret } from './secret-names.ts';
import { containerPorts } from './services.ts';
import { pvcVolume } from './storage.ts';
import type { KubeObject } from './types.ts';
import { enrolledSecretVolume, NODE_TLS_KEYS, operationsProbes, renderStatefulWorkload } from './workload.ts';

export const ORDERER_APP = 'fabric-orderer';
const TLS = '/var/hyperledger/orderer/tls';

export const ordererPorts = [
  { name: 'grpc', port: PORTS.orderer },
  { name: 'admin', port: PORTS.ordererAdmin },
  { name: 'operations', port: PORTS.operations },
] as const;

function ordererEnv(ctx: MemberContext): { name: string; value: string }[] {
  const tls = (file: string) => `${TLS}/${file}`;
  return [
    { name: 'FABRIC_LOGGING_SPEC', value: 'INFO' },
    { name: 'ORDERER_GENERAL_LISTENADDRESS', value: '0.0.0.0' },
    { name: 'ORDERER_GENERAL_LISTENPORT', value: String(PORTS.orderer) },
    { name: 'ORDERER_GENERAL_LOCALMSPID', value: ctx.org.mspId },
    { name: 'ORDERER_GENERAL_LOCALMSPDIR', value: '/var/hyperledger/orderer/msp' },
    // No system channel: channels are created and joined through the channel participation API.
    { name: 'ORDERER_GENERAL_BOOTSTRAPMETHOD', value: 'none' },
    { name: 'ORDERER_CHANNELPARTICIPATION_ENABLED', value: 'true' },
    { name: 'ORDERER_GENERAL_TLS_ENABLED', value: 'true' },
    { name: 'ORDERER_GENERAL_TLS_CERTIFICATE', value: tls('tls.crt') },
    { name: 'ORDERER_GENERAL_TLS_PRIVATEKEY', value: tls('tls.key') },
    { name: 'ORDERER_GENERAL_TLS_ROOTCAS', value: `[${tls('ca.crt')}]` },
    // Raft traffic shares the TLS listener; other consenters reach it through the ingress (SNI).
    { name: 'ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE', value: tls('tls.crt') },
    { name: 'ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY', value: tls('tls.key') },
    { name: 'ORDERER_GENERAL_CLUSTER_ROOTCAS', value: `[${tls('ca.crt')}]` },
    { name: 'ORDERER_ADMIN_LISTENADDRESS', value: `0.0.0.0:${PORTS.ordererAdmin}` },
    { name: 'ORDERER_ADMIN_TLS_ENABLED', value: 'true' },
    { name: 'ORDERER_ADMIN_TLS_CERTIFICATE', value: tls('tls.crt') },
    { name: 'ORDERER_ADMIN_TLS_PRIVATEKEY', value: tls('tls.key') },
    { name: 'ORDERER_ADMIN_TLS_ROOTCAS', value: `[${tls('ca.crt')}]` },
    { name: 'ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED', value: 'true' },
    { name: 'ORDERER_ADMIN_TLS_CLIENTROOTCAS', value: `[${tls('ca.crt')}]` },
    { name: 'ORDERER_FILELEDGER_LOCATION', value: '/var/hyperledger/production/orderer' },
    { name: 'ORDERER_CONSENSUS_WALDIR', value: '/var/hyperledger/production/orderer/etcdraft/wal' },
    { name: 'ORDERER_CONSENSUS_SNAPDIR', value: '/var/hyperledger/production/orderer/etcdraft/snapshot' },
    { name: 'ORDERER_OPERATIONS_LISTENADDRESS', value: `0.0.0.0:${PORTS.operations}` },
    { name: 'ORDERER_METRICS_PROVIDER', value: 'prometheus' },
  ];
}

export function renderOrderer(ctx: MemberContext, orderer: Orderer): KubeObject[] {
  const name = ordererResourceName(ctx.org, orderer);
  const claim = `${name}-ledger`;
  return renderStatefulWorkload(ctx, {
    name,
    app: ORDERER_APP,
    component: 'orderer',
    uid: FABRIC_UID,
    pod: { affinity: antiAffinity(ctx, ORDERER_APP), terminationGracePeriodSeconds: 60 },
    container: {
      name: 'orderer',
      image: ctx.consortium.fabric.images.orderer,
      command: ['orderer'],
      env: ordererEnv(ctx),
      ports: containerPorts(ordererPorts),
      ...operationsProbes({ startup: true }),
      resources: resources(workloadSizes(ctx.org, 'orderer')),
      securityContext: containerSecurityContext(),
      volumeMounts: [
        { name: 'ledger', mountPath: '/var/hyperledger/production' },
        { name: 'msp', mountPath: '/var/hyperledger/orderer/msp', readOnly: true },
        { name: 'tls', mountPath: TLS, readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [
      pvcVolume('ledger', claim),
      mspVolume(ctx, 'msp', ordererMspSecret(ctx.org, orderer)),
      enrolledSecretVolume('tls', ordererTlsSecret(ctx.org, orderer), NODE_TLS_KEYS),
      emptyDirVolume('tmp'),
    ],
    ports: ordererPorts,
    storage: { claimName: claim, size: orderer.storage },
  });
}
