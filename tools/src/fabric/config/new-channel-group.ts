// The channel's Config tree from its profile, group by group, as configtxgen's encoder builds it
// for a genesis block: every element at version 0, every mod_policy "Admins" (relative to the
// group) except the channel-wide OrdererAddresses, which belong to /Channel/Orderer/Admins.
import { ChannelConfigError } from './channel-config-error.ts';
import type { ChannelProfile, OrdererProfile, ApplicationProfile, OrgProfile } from './channel-profile.ts';
import { newConfigPolicies } from './config-policies.ts';
import type { ChannelConfig, ConfigGroupNode, ConfigValueNode } from './config-tree.ts';
import {
  aclValues,
  anchorPeersValue,
  batchSizeValue,
  batchTimeoutValue,
  blockDataHashingStructureValue,
  capabilitiesValue,
  channelRestrictionsValue,
  consensusTypeValue,
  endpointsValue,
  hashingAlgorithmValue,
  mspValue,
  newConfigValue,
  ordererAddressesValue,
} from './config-values.ts';
import { marshalEtcdRaftMetadata } from './etcdraft-metadata.ts';
import { getVerifyingMspConfig } from './verifying-msp-config.ts';

const ADMINS = 'Admins';
const ORDERER_ADMINS = '/Channel/Orderer/Admins';

function group(parts: Partial<Pick<ConfigGroupNode, 'groups' | 'values' | 'policies'>>): ConfigGroupNode {
  return { version: 0, modPolicy: ADMINS, groups: {}, values: {}, policies: {}, ...parts };
}

// Fabric: internal/configtxgen/encoder/encoder.go NewChannelGroup
export function newChannelGroup(profile: ChannelProfile): ConfigGroupNode {
  const values: Record<string, ConfigValueNode> = {
    HashingAlgorithm: newConfigValue(hashingAlgorithmValue(), ADMINS),
    BlockDataHashingStructure: newConfigValue(blockDataHashingStructureValue(), ADMINS),
  };
  if (profile.orderer.addresses.length > 0) {
    values['OrdererAddresses'] = newConfigValue(ordererAddressesValue(profile.orderer.addresses), ORDERER_ADMINS);
  }
  if (profile.capabilities.length > 0)
    values['Capabilities'] = newConfigValue(capabilitiesValue(profile.capabilities), ADMINS);
  const capabilities = new Set(profile.capabilities);
  return group({
    policies: newConfigPolicies(profile.policies, ADMINS),
    values,
    groups: {
      Orderer: newOrdererGroup(profile.orderer, capabilities),
      Application: newApplicationGroup(profile.application),
    },
  });
}

// Fabric: internal/configtxgen/encoder/encoder.go NewOrdererGroup
export function newOrdererGroup(profile: OrdererProfile, channelCapabilities: ReadonlySet<string>): ConfigGroupNode {
  if (profile.addresses.length > 0 && channelCapabilities.has('V3_0')) {
    throw new ChannelConfigError('channel-wide orderer addresses cannot be used with the V3_0 channel capability');
  }
  if (profile.policies['BlockValidation'] === undefined)
    throw new ChannelConfigError('no BlockValidation policy defined');
  const values: Record<string, ConfigValueNode> = {
    BatchSize: newConfigValue(batchSizeValue(profile.batchSize), ADMINS),
    BatchTimeout: newConfigValue(batchTimeoutValue(profile.batchTimeout), ADMINS),
    ChannelRestrictions: newConfigValue(channelRestrictionsValue(profile.maxChannels), ADMINS),
  };
  if (profile.capabilities.length > 0)
    values['Capabilities'] = newConfigValue(capabilitiesValue(profile.capabilities), ADMINS);
  values['ConsensusType'] = newConfigValue(
    consensusTypeValue(profile.ordererType, marshalEtcdRaftMetadata(profile.consenters, profile.options)),
    ADMINS,
  );
  const groups: Record<string, ConfigGroupNode> = {};
  for (const org of profile.organizations) groups[org.name] = newOrdererOrgGroup(org, channelCapabilities);
  return group({ policies: newConfigPolicies(profile.policies, ADMINS), values, groups });
}

// Fabric: internal/configtxgen/encoder/encoder.go NewOrdererOrgGroup
export function newOrdererOrgGroup(org: OrgProfile, channelCapabilities: ReadonlySet<string>): ConfigGroupNode {
  const values: Record<string, ConfigValueNode> = {
    MSP: newConfigValue(mspValue(getVerifyingMspConfig(org.msp)), ADMINS),
  };
  if (org.ordererEndpoints.length > 0) {
    values['Endpoints'] = newConfigValue(endpointsValue(org.ordererEndpoints), ADMINS);
  } else if (channelCapabilities.has('V3_0')) {
    throw new ChannelConfigError(
      `orderer endpoints for organization ${org.name} are missing and must be configured when capability V3_0 is enabled`,
    );
  }
  return group({ policies: newConfigPolicies(org.policies, ADMINS), values });
}

// Fabric: internal/configtxgen/encoder/encoder.go NewApplicationGroup
export function newApplicationGroup(profile: ApplicationProfile): ConfigGroupNode {
  const values: Record<string, ConfigValueNode> = {};
  if (Object.keys(profile.acls).length > 0) values['ACLs'] = newConfigValue(aclValues(profile.acls), ADMINS);
  if (profile.capabilities.length > 0)
    values['Capabilities'] = newConfigValue(capabilitiesValue(profile.capabilities), ADMINS);
  const groups: Record<string, ConfigGroupNode> = {};
  for (const org of profile.organizations) groups[org.name] = newApplicationOrgGroup(org);
  return group({ policies: newConfigPolicies(profile.policies, ADMINS), values, groups });
}

// Fabric: internal/configtxgen/encoder/encoder.go NewApplicationOrgGroup
export function newApplicationOrgGroup(org: OrgProfile): ConfigGroupNode {
  const values: Record<string, ConfigValueNode> = {
    MSP: newConfigValue(mspValue(getVerifyingMspConfig(org.msp)), ADMINS),
  };
  // Like configtxgen, no AnchorPeers value at all when the org names none.
  if (org.anchorPeers.length > 0) values['AnchorPeers'] = newConfigValue(anchorPeersValue(org.anchorPeers), ADMINS);
  return group({ policies: newConfigPolicies(org.policies, ADMINS), values });
}

/** The Config of the channel's genesis block (sequence 0). */
// Fabric: internal/configtxgen/encoder/encoder.go NewBootstrapper (GenesisChannelGroup)
export function newChannelConfig(profile: ChannelProfile): ChannelConfig {
  return { sequence: 0, channelGroup: newChannelGroup(profile) };
}
