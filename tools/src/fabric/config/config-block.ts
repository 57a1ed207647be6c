// Config blocks: the genesis block the toolkit writes for a new channel (block 0 with one CONFIG
// envelope, as configtxgen writes it) and the reading of any config block back into the plain
// Config tree, with clear errors for files that are not one.
import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { configFromProto, configToProto, type ChannelConfig } from './config-tree.ts';

/** Fabric's nonce size (common/crypto NonceSize). */
export const NONCE_BYTES = 24;

export interface GenesisBlockOptions {
  /** Header timestamp; Fabric keeps whole seconds (nanos 0). */
  readonly timestamp: Date;
  /** 24 random bytes: with the empty creator they make the transaction id. */
  readonly nonce: Uint8Array;
}

/**
 * A ChannelHeader whose timestamp is set. The protobuf package reaches google.protobuf.Timestamp
 * only through an untyped module, so the field (3: Timestamp{1: seconds}) is decoded from its wire
 * form instead of being built with that class.
 */
function channelHeaderAt(seconds: number): common.ChannelHeader {
  const varint: number[] = [];
  let rest = seconds;
  do {
    let byte = rest % 128;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte += 128;
    varint.push(byte);
  } while (rest > 0);
  const timestamp = seconds === 0 ? [] : [0x08, ...varint];
  return common.ChannelHeader.deserializeBinary(Uint8Array.from([0x1a, timestamp.length, ...timestamp]));
}

// Fabric: protoutil/proputils.go ComputeTxID
export function computeTxId(nonce: Uint8Array, creator: Uint8Array): string {
  return createHash('sha256').update(nonce).update(creator).digest('hex');
}

// Fabric: protoutil/blockutils.go ComputeBlockDataHash
export function computeBlockDataHash(data: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const item of data) hash.update(item);
  return new Uint8Array(hash.digest());
}

/** Block 0 of a channel: one unsigned CONFIG envelope carrying the whole Config. */
// Fabric: common/genesis/genesis.go factory.Block
export function genesisBlock(config: ChannelConfig, channelId: string, options: GenesisBlockOptions): Uint8Array {
  if (options.nonce.length !== NONCE_BYTES)
    throw new RangeError(`a nonce has ${NONCE_BYTES} bytes, got ${options.nonce.length}`);
  const channelHeader = channelHeaderAt(Math.floor(options.timestamp.getTime() / 1000));
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setVersion(0);
  channelHeader.setChannelId(channelId);
  channelHeader.setEpoch(0);
  channelHeader.setTxId(computeTxId(options.nonce, new Uint8Array()));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setNonce(options.nonce);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const configEnvelope = new common.ConfigEnvelope();
  configEnvelope.setConfig(configToProto(config));
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(configEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());

  const data = [envelope.serializeBinary()];
  const blockHeader = new common.BlockHeader();
  blockHeader.setNumber(0);
  blockHeader.setDataHash(computeBlockDataHash(data));
  const blockData = new common.BlockData();
  blockData.setDataList(data);
  const block = new common.Block();
  block.setHeader(blockHeader);
  block.setData(blockData);
  block.setMetadata(genesisMetadata());
  return block.serializeBinary();
}

/** One entry per BlockMetadataIndex; SIGNATURES and LAST_CONFIG point at block 0. */
// Fabric: common/genesis/genesis.go factory.Block (protoutil.NewBlock metadata)
function genesisMetadata(): common.BlockMetadata {
  const metadata = new common.BlockMetadata();
  const entries: Uint8Array[] = Object.keys(common.BlockMetadataIndex).map(() => new Uint8Array());
  const lastConfig = new common.Metadata();
  lastConfig.setValue(new common.LastConfig().serializeBinary());
  entries[common.BlockMetadataIndex.LAST_CONFIG] = lastConfig.serializeBinary();
  const ordererMetadata = new common.OrdererBlockMetadata();
  ordererMetadata.setLastConfig(new common.LastConfig());
  const signatures = new common.Metadata();
  signatures.setValue(ordererMetadata.serializeBinary());
  entries[common.BlockMetadataIndex.SIGNATURES] = signatures.serializeBinary();
  metadata.setMetadataList(entries);
  return metadata;
}

/** A file that is not a config block; the message says what is wrong with it. */
export class ConfigBlockError extends Error {
  override readonly name = 'ConfigBlockError';
}

export interface DecodedConfigBlock {
  readonly channelId: string;
  readonly blockNumber: number;
  readonly config: ChannelConfig;
}

function decode<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigBlockError(`${what} does not decode as protobuf (${reason})`);
  }
}

const equalBytes = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * Reads a config block (block 0 or any later config block, as `peer channel fetch config` saves
 * it): its data holds exactly one envelope of type CONFIG whose ConfigEnvelope carries the whole
 * channel configuration. The data hash in the header must match the data.
 */
// Fabric: common/channelconfig/util.go extractChannelConfig (with protoutil.ExtractEnvelope)
export function decodeConfigBlock(bytes: Uint8Array): DecodedConfigBlock {
  if (bytes.length === 0) throw new ConfigBlockError('the file is empty, not a Fabric block');
  const block = decode('the file', () => common.Block.deserializeBinary(bytes));
  const header = block.getHeader();
  const data = block.getData()?.getDataList_asU8() ?? [];
  if (header === undefined || data.length === 0) {
    throw new ConfigBlockError('the file is not a Fabric block: it has no block header or no data');
  }
  if (!equalBytes(header.getDataHash_asU8(), computeBlockDataHash(data))) {
    throw new ConfigBlockError(
      "the block's data does not match the data hash in its header: the file was altered or truncated",
    );
  }
  if (data.length !== 1)
    throw new ConfigBlockError(`a config block holds one envelope, this block holds ${data.length}`);
  const envelope = decode('its envelope', () => common.Envelope.deserializeBinary(data[0] as Uint8Array));
  const payload = decode("the envelope's payload", () => common.Payload.deserializeBinary(envelope.getPayload_asU8()));
  const payloadHeader = payload.getHeader();
  if (payloadHeader === undefined) throw new ConfigBlockError("the block's envelope has no header");
  const channelHeader = decode('its channel header', () =>
    common.ChannelHeader.deserializeBinary(payloadHeader.getChannelHeader_asU8()),
  );
  if (channelHeader.getType() !== common.HeaderType.CONFIG) {
    throw new ConfigBlockError(
      `block ${header.getNumber()} is not a config block (its transaction has header type ${channelHeader.getType()}, a config block has ${common.HeaderType.CONFIG}); fetch it with \`peer channel fetch config\``,
    );
  }
  const configEnvelope = decode('its config envelope', () =>
    common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()),
  );
  const config = configEnvelope.getConfig();
  if (config?.getChannelGroup() === undefined)
    throw new ConfigBlockError('the config block carries no channel configuration');
  const channelId = channelHeader.getChannelId();
  if (channelId === '') throw new ConfigBlockError("the config block's header names no channel");
  return {
    channelId,
    blockNumber: header.getNumber(),
    config: configFromProto(config),
  };
}
