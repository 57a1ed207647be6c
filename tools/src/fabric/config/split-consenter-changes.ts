// etcdraft accepts one consenter change per config update. When the desired config changes more
// than one consenter, the way there is a chain of configs that each differ from the previous one
// by one consenter: additions first (one at a time, so the cluster never shrinks below its
// current size mid-way), then removals; the last step is the desired config itself, so every
// other change rides along with the first step and the chain ends exactly where it should.
import { orderer } from '@hyperledger/fabric-protos';
import type { ChannelConfig } from './config-tree.ts';
import { computeMembershipChanges, etcdraftConsenters, type EtcdraftConsenter } from './etcdraft-membership.ts';

/** The configs to go through, the desired one last; just [desired] when one update suffices. */
export function splitConsenterChanges(ledger: ChannelConfig, desired: ChannelConfig): ChannelConfig[] {
  const before = etcdraftConsenters(ledger);
  const after = etcdraftConsenters(desired);
  if (before === undefined || after === undefined) return [desired];
  const { added, removed } = computeMembershipChanges(before, after);
  if (added.length <= 1 && removed.length <= 1) return [desired];
  const steps: EtcdraftConsenter[][] = [];
  let current = [...before];
  for (const consenter of added) {
    current = [...current, consenter];
    steps.push(current);
  }
  for (const consenter of removed) {
    current = current.filter((c) => c !== consenter);
    steps.push(current);
  }
  // The last list equals the desired set; use the desired config itself for it.
  steps.pop();
  return [...steps.map((list) => withConsenters(desired, list)), desired];
}

/** `config` with its etcdraft consenter list replaced (the rest of ConsensusType kept as it is). */
export function withConsenters(config: ChannelConfig, consenters: readonly EtcdraftConsenter[]): ChannelConfig {
  const group = config.channelGroup.groups['Orderer'];
  const value = group?.values['ConsensusType'];
  if (group === undefined || value === undefined) return config;
  const type = orderer.ConsensusType.deserializeBinary(value.value);
  const metadata = orderer.etcdraft.ConfigMetadata.deserializeBinary(type.getMetadata_asU8());
  metadata.setConsentersList(
    consenters.map((c) => {
      const consenter = new orderer.etcdraft.Consenter();
      consenter.setHost(c.host);
      consenter.setPort(c.port);
      consenter.setClientTlsCert(c.clientTlsCert);
      consenter.setServerTlsCert(c.serverTlsCert);
      return consenter;
    }),
  );
  type.setMetadata(metadata.serializeBinary());
  const ordererGroup = {
    ...group,
    values: { ...group.values, ConsensusType: { ...value, value: type.serializeBinary() } },
  };
  return {
    ...config,
    channelGroup: { ...config.channelGroup, groups: { ...config.channelGroup.groups, Orderer: ordererGroup } },
  };
}
