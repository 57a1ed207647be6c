// etcdraft changes its consenter set one node at a time: an update may add one consenter, remove
// one, or replace one (one added and one removed: a certificate rotation), never more. Consenters
// are told apart by their client TLS certificate.
import { orderer } from '@hyperledger/fabric-protos';
import type { ChannelConfig } from './config-tree.ts';

export interface EtcdraftConsenter {
  readonly host: string;
  readonly port: number;
  readonly clientTlsCert: Uint8Array;
  readonly serverTlsCert: Uint8Array;
}

/** The consenters of an etcdraft channel, or undefined when the channel does not run etcdraft. */
export function etcdraftConsenters(config: ChannelConfig): readonly EtcdraftConsenter[] | undefined {
  const value = config.channelGroup.groups['Orderer']?.values['ConsensusType'];
  if (value === undefined) return undefined;
  try {
    const consensus = orderer.ConsensusType.deserializeBinary(value.value);
    if (consensus.getType() !== 'etcdraft') return undefined;
    const metadata = orderer.etcdraft.ConfigMetadata.deserializeBinary(consensus.getMetadata_asU8());
    return metadata.getConsentersList().map((c) => ({
      host: c.getHost(),
      port: c.getPort(),
      clientTlsCert: c.getClientTlsCert_asU8(),
      serverTlsCert: c.getServerTlsCert_asU8(),
    }));
  } catch {
    return undefined;
  }
}

export interface MembershipChanges {
  readonly added: readonly EtcdraftConsenter[];
  readonly removed: readonly EtcdraftConsenter[];
}

const certKey = (c: EtcdraftConsenter): string => Buffer.from(c.clientTlsCert).toString('base64');

// Fabric: orderer/consensus/etcdraft/membership.go ComputeMembershipChanges
export function computeMembershipChanges(
  before: readonly EtcdraftConsenter[],
  after: readonly EtcdraftConsenter[],
): MembershipChanges {
  const old = new Set(before.map(certKey));
  const next = new Set(after.map(certKey));
  return { added: after.filter((c) => !old.has(certKey(c))), removed: before.filter((c) => !next.has(certKey(c))) };
}

const describe = (c: EtcdraftConsenter): string => `${c.host}:${c.port}`;

/** Why the orderer would refuse going from `before` to `after`, or undefined when it would not. */
export function checkConsenterChanges(before: ChannelConfig, after: ChannelConfig): string | undefined {
  const old = etcdraftConsenters(before);
  const next = etcdraftConsenters(after);
  if (old === undefined || next === undefined) return undefined;
  const { added, removed } = computeMembershipChanges(old, next);
  if (added.length <= 1 && removed.length <= 1) return undefined;
  return (
    `update of more than one consenter at a time is not supported (etcdraft): adds ${added.map(describe).join(', ') || 'none'}, ` +
    `removes ${removed.map(describe).join(', ') || 'none'}`
  );
}
