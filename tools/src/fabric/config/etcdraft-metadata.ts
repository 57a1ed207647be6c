// The etcdraft consensus metadata of the Orderer group's ConsensusType value: the consenters
// (host, port, TLS certificates) and the Raft options.
import { orderer } from '@hyperledger/fabric-protos';

export interface RaftConsenter {
  readonly host: string;
  readonly port: number;
  /** PEM bytes of the orderer's TLS certificate, as the file configtxgen reads holds them. */
  readonly clientTlsCert: Uint8Array;
  readonly serverTlsCert: Uint8Array;
}

export interface RaftOptions {
  readonly tickInterval: string;
  readonly electionTick: number;
  readonly heartbeatTick: number;
  readonly maxInflightBlocks: number;
  readonly snapshotIntervalSize: number;
}

/** configtxgen's defaults, which the project renders explicitly in configtx.yaml. */
// Fabric: internal/configtxgen/genesisconfig/config.go genesisDefaults
export const DEFAULT_RAFT_OPTIONS: RaftOptions = {
  tickInterval: '500ms',
  electionTick: 10,
  heartbeatTick: 1,
  maxInflightBlocks: 5,
  snapshotIntervalSize: 16 * 1024 * 1024,
};

// Fabric: common/channelconfig/util.go MarshalEtcdRaftMetadata
export function marshalEtcdRaftMetadata(consenters: readonly RaftConsenter[], options: RaftOptions): Uint8Array {
  const metadata = new orderer.etcdraft.ConfigMetadata();
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
  const raft = new orderer.etcdraft.Options();
  raft.setTickInterval(options.tickInterval);
  raft.setElectionTick(options.electionTick);
  raft.setHeartbeatTick(options.heartbeatTick);
  raft.setMaxInflightBlocks(options.maxInflightBlocks);
  raft.setSnapshotIntervalSize(options.snapshotIntervalSize);
  metadata.setOptions(raft);
  return metadata.serializeBinary();
}
