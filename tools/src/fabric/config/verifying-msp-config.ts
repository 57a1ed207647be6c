// An organization's MSP as a channel configuration holds it: public certificates only (no signing
// identity), with the NodeOU classification that lets policies name roles (admin, peer, client,
// orderer) by the OU in each certificate.
import { msp } from '@hyperledger/fabric-protos';

/** What an MSP folder holds, as file contents (PEM bytes exactly as Fabric would read them). */
export interface MspMaterial {
  readonly mspId: string;
  /** cacerts/ */
  readonly rootCerts: readonly Uint8Array[];
  /** intermediatecerts/ */
  readonly intermediateCerts: readonly Uint8Array[];
  /** admincerts/ (empty with NodeOUs: admins are recognised by their OU). */
  readonly admins: readonly Uint8Array[];
  /** tlscacerts/ */
  readonly tlsRootCerts: readonly Uint8Array[];
  /** tlsintermediatecerts/ */
  readonly tlsIntermediateCerts: readonly Uint8Array[];
  /** config.yaml NodeOUs: each role's OU, certified by this CA certificate. */
  readonly nodeOus: { readonly certificate: Uint8Array } | undefined;
}

/** FABRIC (0): the X.509 MSP type; configtxgen's default MSPType "bccsp". */
export const MSP_TYPE_FABRIC = 0;

/** OU names of the NodeOU roles, as Fabric CA and the rendered config.yaml use them. */
export const NODE_OU_NAMES = { client: 'client', peer: 'peer', admin: 'admin', orderer: 'orderer' } as const;

function ouIdentifier(certificate: Uint8Array, ou: string): msp.FabricOUIdentifier {
  const identifier = new msp.FabricOUIdentifier();
  identifier.setCertificate(certificate);
  identifier.setOrganizationalUnitIdentifier(ou);
  return identifier;
}

// Fabric: msp/configbuilder.go getMspConfig (through GetVerifyingMspConfig: no signing identity)
export function getVerifyingMspConfig(material: MspMaterial): msp.MSPConfig {
  const config = new msp.FabricMSPConfig();
  config.setName(material.mspId);
  config.setRootCertsList([...material.rootCerts]);
  config.setIntermediateCertsList([...material.intermediateCerts]);
  config.setAdminsList([...material.admins]);
  config.setTlsRootCertsList([...material.tlsRootCerts]);
  config.setTlsIntermediateCertsList([...material.tlsIntermediateCerts]);
  const crypto = new msp.FabricCryptoConfig();
  crypto.setSignatureHashFamily('SHA2');
  crypto.setIdentityIdentifierHashFunction('SHA256');
  config.setCryptoConfig(crypto);
  if (material.nodeOus !== undefined) {
    const { certificate } = material.nodeOus;
    const nodeOus = new msp.FabricNodeOUs();
    nodeOus.setEnable(true);
    nodeOus.setClientOuIdentifier(ouIdentifier(certificate, NODE_OU_NAMES.client));
    nodeOus.setPeerOuIdentifier(ouIdentifier(certificate, NODE_OU_NAMES.peer));
    nodeOus.setAdminOuIdentifier(ouIdentifier(certificate, NODE_OU_NAMES.admin));
    nodeOus.setOrdererOuIdentifier(ouIdentifier(certificate, NODE_OU_NAMES.orderer));
    config.setFabricNodeOus(nodeOus);
  }
  const wrapper = new msp.MSPConfig();
  wrapper.setType(MSP_TYPE_FABRIC);
  wrapper.setConfig(config.serializeBinary());
  return wrapper;
}
