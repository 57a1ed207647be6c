// The values of a channel configuration, each the serialized protobuf message Fabric stores under
// that key. One function per value, named as in Fabric's common/channelconfig/util.go.
import type { msp } from '@hyperledger/fabric-protos';
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import type { ConfigValueNode } from './config-tree.ts';

/** A value at version 0, as configtxgen writes every value of a genesis block. */
// Fabric: internal/configtxgen/encoder/encoder.go addValue
export function newConfigValue(value: Uint8Array, modPolicy: string): ConfigValueNode {
  return { version: 0, modPolicy, value };
}

// Fabric: common/channelconfig/util.go HashingAlgorithmValue
export function hashingAlgorithmValue(): Uint8Array {
  const message = new common.HashingAlgorithm();
  message.setName('SHA256');
  return message.serializeBinary();
}

// Fabric: common/channelconfig/util.go BlockDataHashingStructureValue
export function blockDataHashingStructureValue(): Uint8Array {
  const message = new common.BlockDataHashingStructure();
  message.setWidth(0xffff_ffff);
  return message.serializeBinary();
}

// Fabric: common/channelconfig/util.go OrdererAddressesValue
export function ordererAddressesValue(addresses: readonly string[]): Uint8Array {
  const message = new common.OrdererAddresses();
  message.setAddressesList([...addresses]);
  return message.serializeBinary();
}

/** Only the capabilities that are switched on appear, each with an empty Capability. */
// Fabric: common/channelconfig/util.go CapabilitiesValue
export function capabilitiesValue(capabilities: readonly string[]): Uint8Array {
  const message = new common.Capabilities();
  const map = message.getCapabilitiesMap() as unknown as { set(key: string, value: common.Capability): unknown };
  for (const name of [...capabilities].sort()) map.set(name, new common.Capability());
  return message.serializeBinary();
}

// Fabric: common/channelconfig/util.go BatchSizeValue
export function batchSizeValue(size: {
  readonly maxMessageCount: number;
  readonly absoluteMaxBytes: number;
  readonly preferredMaxBytes: number;
}): Uint8Array {
  const message = new orderer.BatchSize();
  message.setMaxMessageCount(size.maxMessageCount);
  message.setAbsoluteMaxBytes(size.absoluteMaxBytes);
  message.setPreferredMaxBytes(size.preferredMaxBytes);
  return message.serializeBinary();
}

/** The timeout as Go's Duration.String() prints it (go-duration.ts). */
// Fabric: common/channelconfig/util.go BatchTimeoutValue
export function batchTimeoutValue(timeout: string): Uint8Array {
  const message = new orderer.BatchTimeout();
  message.setTimeout(timeout);
  return message.serializeBinary();
}

/** 0: no limit on the number of channels (only meaningful in a system channel). */
// Fabric: common/channelconfig/util.go ChannelRestrictionsValue
export function channelRestrictionsValue(maxCount: number): Uint8Array {
  const message = new orderer.ChannelRestrictions();
  message.setMaxCount(maxCount);
  return message.serializeBinary();
}

// Fabric: common/channelconfig/util.go ConsensusTypeValue
export function consensusTypeValue(type: string, metadata: Uint8Array): Uint8Array {
  const message = new orderer.ConsensusType();
  message.setType(type);
  message.setMetadata(metadata);
  return message.serializeBinary();
}

/** An orderer organization's own endpoints (the channel-wide OrdererAddresses are deprecated). */
// Fabric: common/channelconfig/util.go EndpointsValue
export function endpointsValue(addresses: readonly string[]): Uint8Array {
  return ordererAddressesValue(addresses);
}

export interface AnchorPeerAddress {
  readonly host: string;
  readonly port: number;
}

// Fabric: common/channelconfig/util.go AnchorPeersValue
export function anchorPeersValue(anchorPeers: readonly AnchorPeerAddress[]): Uint8Array {
  const message = new peer.AnchorPeers();
  message.setAnchorPeersList(
    anchorPeers.map((a) => {
      const anchor = new peer.AnchorPeer();
      anchor.setHost(a.host);
      anchor.setPort(a.port);
      return anchor;
    }),
  );
  return message.serializeBinary();
}

/** Channel ACLs: API resource name -> policy reference (e.g. "/Channel/Application/Readers"). */
// Fabric: common/channelconfig/util.go ACLValues
export function aclValues(acls: Readonly<Record<string, string>>): Uint8Array {
  const message = new peer.ACLs();
  const map = message.getAclsMap() as unknown as { set(key: string, value: peer.APIResource): unknown };
  for (const name of Object.keys(acls).sort()) {
    const resource = new peer.APIResource();
    resource.setPolicyRef(acls[name] ?? '');
    map.set(name, resource);
  }
  return message.serializeBinary();
}

/** The msp.MSPConfig wrapping a serialized FabricMSPConfig (msp-config.ts). */
// Fabric: common/channelconfig/util.go MSPValue
export function mspValue(mspConfig: msp.MSPConfig): Uint8Array {
  return mspConfig.serializeBinary();
}
