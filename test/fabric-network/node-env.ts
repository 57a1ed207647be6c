// Environment of each native Fabric process: Fabric's sample core.yaml / orderer.yaml
// (FABRIC_CFG_PATH) overridden by CORE_* / ORDERER_* variables, as fabric-samples'
// test-network-nano-bash runs its nodes. Every node listens on its own loopback address inside
// the test's network namespace (sandbox.ts), on the port the repository gives its hostname.
import { join } from 'node:path';
import { INGRESS_PORT } from '../../tools/src/model/endpoints.ts';
import { externalBuildersEnv } from '../fabric/ccaas-builder/locate.ts';
import type { NodeMaterial, OrgMaterial } from './org-material.ts';

/** Ports on a node's own address besides INGRESS_PORT (its gRPC listener). */
export const NODE_PORTS = { ordererAdmin: 9443, operations: 8443, chaincode: 7052 } as const;

export function ordererEnv(options: {
  readonly configDir: string;
  readonly dataDir: string;
  readonly address: string;
  readonly org: OrgMaterial;
  readonly node: NodeMaterial;
  /** Directory of the CCaaS external builder (bin/detect, build, release), when there is one. */
  readonly ccaasBuilderDir?: string | undefined;
}): Record<string, string> {
  const { address, org, node, dataDir } = options;
  return {
    FABRIC_CFG_PATH: options.configDir,
    FABRIC_LOGGING_SPEC: 'INFO',
    ORDERER_GENERAL_LISTENADDRESS: address,
    ORDERER_GENERAL_LISTENPORT: String(INGRESS_PORT),
    ORDERER_GENERAL_LOCALMSPID: org.mspId,
    ORDERER_GENERAL_LOCALMSPDIR: node.mspDir,
    ORDERER_GENERAL_TLS_ENABLED: 'true',
    ORDERER_GENERAL_TLS_CERTIFICATE: node.tlsCert,
    ORDERER_GENERAL_TLS_PRIVATEKEY: node.tlsKey,
    ORDERER_GENERAL_TLS_ROOTCAS: `[${org.tlsCaCertFile}]`,
    // Raft traffic shares the general listener; the client side presents the same certificate,
    // which block 0 lists as the consenter's client and server TLS certificate.
    ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE: node.tlsCert,
    ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY: node.tlsKey,
    ORDERER_FILELEDGER_LOCATION: join(dataDir, 'ledger'),
    ORDERER_CONSENSUS_WALDIR: join(dataDir, 'etcdraft', 'wal'),
    ORDERER_CONSENSUS_SNAPDIR: join(dataDir, 'etcdraft', 'snapshot'),
    ORDERER_ADMIN_LISTENADDRESS: `${address}:${NODE_PORTS.ordererAdmin}`,
    ORDERER_ADMIN_TLS_ENABLED: 'true',
    ORDERER_ADMIN_TLS_CERTIFICATE: node.tlsCert,
    ORDERER_ADMIN_TLS_PRIVATEKEY: node.tlsKey,
    ORDERER_ADMIN_TLS_ROOTCAS: `[${org.tlsCaCertFile}]`,
    ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED: 'true',
    ORDERER_ADMIN_TLS_CLIENTROOTCAS: `[${org.tlsCaCertFile}]`,
    ORDERER_OPERATIONS_LISTENADDRESS: `${address}:${NODE_PORTS.operations}`,
    ORDERER_METRICS_PROVIDER: 'disabled',
  };
}

export function peerEnv(options: {
  readonly configDir: string;
  readonly dataDir: string;
  readonly address: string;
  readonly org: OrgMaterial;
  readonly node: NodeMaterial;
  /** Directory of the CCaaS external builder (bin/detect, build, release), when there is one. */
  readonly ccaasBuilderDir?: string | undefined;
}): Record<string, string> {
  const { address, org, node, dataDir } = options;
  const endpoint = `${node.host}:${INGRESS_PORT}`;
  return {
    FABRIC_CFG_PATH: options.configDir,
    FABRIC_LOGGING_SPEC: 'INFO',
    CORE_PEER_ID: node.host,
    CORE_PEER_ADDRESS: endpoint,
    CORE_PEER_LISTENADDRESS: `${address}:${INGRESS_PORT}`,
    CORE_PEER_CHAINCODEADDRESS: `${node.host}:${NODE_PORTS.chaincode}`,
    CORE_PEER_CHAINCODELISTENADDRESS: `${address}:${NODE_PORTS.chaincode}`,
    CORE_PEER_GOSSIP_EXTERNALENDPOINT: endpoint,
    CORE_PEER_GOSSIP_BOOTSTRAP: endpoint,
    // Each peer pulls blocks from the ordering service itself; no leader election among one peer.
    CORE_PEER_GOSSIP_USELEADERELECTION: 'false',
    CORE_PEER_GOSSIP_ORGLEADER: 'true',
    CORE_PEER_LOCALMSPID: org.mspId,
    CORE_PEER_MSPCONFIGPATH: node.mspDir,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_CERT_FILE: node.tlsCert,
    CORE_PEER_TLS_KEY_FILE: node.tlsKey,
    CORE_PEER_TLS_ROOTCERT_FILE: org.tlsCaCertFile,
    CORE_PEER_FILESYSTEMPATH: join(dataDir, 'production'),
    CORE_LEDGER_SNAPSHOTS_ROOTDIR: join(dataDir, 'snapshots'),
    CORE_OPERATIONS_LISTENADDRESS: `${address}:${NODE_PORTS.operations}`,
    CORE_METRICS_PROVIDER: 'disabled',
    // No container engine: chaincode runs as a service, through the CCaaS external builder.
    CORE_VM_ENDPOINT: '',
    ...(options.ccaasBuilderDir === undefined
      ? {}
      : { CORE_CHAINCODE_EXTERNALBUILDERS: externalBuildersEnv(options.ccaasBuilderDir) }),
  };
}

/** The peer CLI acting as the org's admin against `peerHost` (peer channel join/getinfo/fetch/update). */
export function adminCliEnv(options: {
  readonly configDir: string;
  readonly org: OrgMaterial;
  readonly peerHost: string;
}): Record<string, string> {
  return {
    FABRIC_CFG_PATH: options.configDir,
    CORE_PEER_LOCALMSPID: options.org.mspId,
    CORE_PEER_MSPCONFIGPATH: options.org.adminMspDir,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_TLS_ROOTCERT_FILE: options.org.tlsCaCertFile,
    CORE_PEER_ADDRESS: `${options.peerHost}:${INGRESS_PORT}`,
  };
}
