// Each peer: a StatefulSet with its ledger on a PVC of the org's storage class, gossip inside the
// org over the cluster network and to other members through its external (ingress) endpoint, and
// chaincode run as a service through the peer image's built-in `ccaas_builder`: the peer dials the
// chaincode's Service, so there is no Docker socket and no hostPath anywhere.
import type { Peer } from '../model/types.ts';
import { peerEndpoint } from '../model/endpoints.ts';
import { couchdbResourceName, peerResourceName } from '../model/resource-names.ts';
import type { MemberContext } from './context.ts';
import { renderCouchdb } from './couchdb.ts';
import { antiAffinity } from './disruption.ts';
import { selectorLabels } from './labels.ts';
import { mspVolume } from './msp-config.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { couchdbSecret, peerMspSecret, peerTlsSecret } from './secret-names.ts';
import { containerPorts, serviceHost } from './services.ts';
import { pvcVolume } from './storage.ts';
import type { JsonObject, KubeObject } from './types.ts';
import { enrolledSecretVolume, NODE_TLS_KEYS, operationsProbes, renderStatefulWorkload } from './workload.ts';

export const PEER_APP = 'fabric-peer';
const TLS = '/var/hyperledger/peer/tls';

/** The external builder every Fabric >= 2.4 peer image ships for packages of type "ccaas". */
export const CCAAS_BUILDERS = '[{"name":"ccaas_builder","path":"/opt/hyperledger/ccaas_builder"}]';

export const peerPorts = [
  { name: 'grpc', port: PORTS.peer },
  { name: 'operations', port: PORTS.operations },
] as const;

/** In-cluster address of a peer of this member. */
export function peerAddress(ctx: MemberContext, peer: Peer): string {
  return `${serviceHost(ctx, peerResourceName(ctx.org, peer))}:${PORTS.peer}`;
}

function peerEnv(ctx: MemberContext, peer: Peer): JsonObject[] {
  const self = peerAddress(ctx, peer);
  const siblings = ctx.org.peers.filter((p) => p.name !== peer.name).map((p) => peerAddress(ctx, p));
  const env: JsonObject[] = [
    { name: 'FABRIC_LOGGING_SPEC', value: 'INFO' },
    { name: 'CORE_PEER_ID', value: peerResourceName(ctx.org, peer) },
    { name: 'CORE_PEER_LOCALMSPID', value: ctx.org.mspId },
    { name: 'CORE_PEER_MSPCONFIGPATH', value: '/var/hyperledger/peer/msp' },
    { name: 'CORE_PEER_LISTENADDRESS', value: `0.0.0.0:${PORTS.peer}` },
    { name: 'CORE_PEER_ADDRESS', value: self },
    // Left unset, the peer binds its chaincode listener to CORE_PEER_ADDRESS's host, which resolves to
    // the Service's cluster IP, not an address of the pod: the bind fails and the peer exits.
    { name: 'CORE_PEER_CHAINCODELISTENADDRESS', value: `0.0.0.0:${PORTS.peerChaincode}` },
    {
      name: 'CORE_PEER_CHAINCODEADDRESS',
      value: `${serviceHost(ctx, peerResourceName(ctx.org, peer))}:${PORTS.peerChaincode}`,
    },
    { name: 'CORE_PEER_FILESYSTEMPATH', value: '/var/hyperledger/production' },
    { name: 'CORE_PEER_TLS_ENABLED', value: 'true' },
    { name: 'CORE_PEER_TLS_CERT_FILE', value: `${TLS}/tls.crt` },
    { name: 'CORE_PEER_TLS_KEY_FILE', value: `${TLS}/tls.key` },
    { name: 'CORE_PEER_TLS_ROOTCERT_FILE', value: `${TLS}/ca.crt` },
    { name: 'CORE_PEER_GOSSIP_ENDPOINT', value: self },
    // Bootstrap from the org's other peers; a single peer bootstraps from itself.
    { name: 'CORE_PEER_GOSSIP_BOOTSTRAP', value: (siblings.length > 0 ? siblings : [self]).join(' ') },
    // What other members' peers dial: the ingress host, routed to this peer by SNI.
    { name: 'CORE_PEER_GOSSIP_EXTERNALENDPOINT', value: peerEndpoint(ctx.org, peer) },
    // Every peer is a static org leader that pulls blocks from the ordering service itself, no
    // election: with leader election and state transfer off (Fabric's default since 2.2), a
    // restarted non-leader peer would wait for gossip from the leader and never catch up.
    // Fabric: sampleconfig/core.yaml peer.gossip.useLeaderElection / peer.gossip.orgLeader
    { name: 'CORE_PEER_GOSSIP_USELEADERELECTION', value: 'false' },
    { name: 'CORE_PEER_GOSSIP_ORGLEADER', value: 'true' },
    // An empty VM endpoint turns Docker-based chaincode builds off entirely.
    { name: 'CORE_VM_ENDPOINT', value: '' },
    { name: 'CORE_CHAINCODE_EXTERNALBUILDERS', value: CCAAS_BUILDERS },
    { name: 'CORE_OPERATIONS_LISTENADDRESS', value: `0.0.0.0:${PORTS.operations}` },
    { name: 'CORE_METRICS_PROVIDER', value: 'prometheus' },
  ];
  if (peer.stateDb === 'couchdb') {
    const secret = couchdbSecret(ctx.org, peer);
    env.push(
      { name: 'CORE_LEDGER_STATE_STATEDATABASE', value: 'CouchDB' },
      {
        name: 'CORE_LEDGER_STATE_COUCHDBCONFIG_COUCHDBADDRESS',
        value: `${couchdbResourceName(ctx.org, peer)}:${PORTS.couchdb}`,
      },
      {
        name: 'CORE_LEDGER_STATE_COUCHDBCONFIG_USERNAME',
        valueFrom: { secretKeyRef: { name: secret, key: 'username' } },
      },
      {
        name: 'CORE_LEDGER_STATE_COUCHDBCONFIG_PASSWORD',
        valueFrom: { secretKeyRef: { name: secret, key: 'password' } },
      },
      { name: 'CORE_LEDGER_STATE_COUCHDBCONFIG_MAXRETRIESONSTARTUP', value: '30' },
    );
  } else {
    env.push({ name: 'CORE_LEDGER_STATE_STATEDATABASE', value: 'goleveldb' });
  }
  return env;
}

export function renderPeer(ctx: MemberContext, peer: Peer): KubeObject[] {
  const name = peerResourceName(ctx.org, peer);
  const claim = `${name}-ledger`;
  const objects = renderStatefulWorkload(ctx, {
    name,
    app: PEER_APP,
    component: 'peer',
    uid: FABRIC_UID,
    pod: { affinity: antiAffinity(ctx, PEER_APP), terminationGracePeriodSeconds: 60 },
    container: {
      name: 'peer',
      image: ctx.consortium.fabric.images.peer,
      command: ['peer', 'node', 'start'],
      env: peerEnv(ctx, peer),
      ports: containerPorts(peerPorts),
      ...operationsProbes({ startup: true, livenessOnPort: peer.stateDb === 'couchdb' }),
      resources: resources(workloadSizes(ctx.org, 'peer')),
      securityContext: containerSecurityContext(),
      volumeMounts: [
        { name: 'ledger', mountPath: '/var/hyperledger/production' },
        { name: 'msp', mountPath: '/var/hyperledger/peer/msp', readOnly: true },
        { name: 'tls', mountPath: TLS, readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [
      pvcVolume('ledger', claim),
      mspVolume(ctx, 'msp', peerMspSecret(ctx.org, peer)),
      enrolledSecretVolume('tls', peerTlsSecret(ctx.org, peer), NODE_TLS_KEYS),
      emptyDirVolume('tmp'),
    ],
    ports: peerPorts,
    storage: { claimName: claim, size: peer.storage },
  });
  if (peer.stateDb === 'couchdb')
    objects.push(...renderCouchdb(ctx, peer, selectorLabels({ name: PEER_APP, instance: name })));
  return objects;
}
