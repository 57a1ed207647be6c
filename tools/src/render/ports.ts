// Container ports of the Fabric components (Fabric's defaults, so logs and docs read familiar).
export const PORTS = {
  peer: 7051,
  /** The peer's own chaincode listener (chaincode dialling the peer); unused with CCaaS but always bound. */
  peerChaincode: 7052,
  orderer: 7050,
  ordererAdmin: 7053,
  ca: 7054,
  operations: 9443,
  couchdb: 5984,
  chaincode: 9999,
  dns: 53,
  ingress: 443,
  /** The Kubernetes API server's usual secure port (its `kubernetes` Service listens on 443). */
  kubeApiServer: 6443,
} as const;
