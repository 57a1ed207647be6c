import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';
import { describe, expect, it } from 'vitest';
import { buildChannelConfig } from '../../../tools/src/fabric/config/build-channel-config.ts';
import {
  ConfigBlockError,
  computeTxId,
  decodeConfigBlock,
  genesisBlock,
} from '../../../tools/src/fabric/config/config-block.ts';
import { decodeConfig } from '../../../tools/src/fabric/config/decode-config-values.ts';
import { channelConfigCases } from './support/channel-config-cases.ts';

const timestamp = new Date('2026-03-01T12:34:56.789Z');
const nonce = Uint8Array.from({ length: 24 }, (_, i) => i + 1);

async function exampleConfig() {
  return buildChannelConfig(await channelConfigCases[0]!.model(), 'traceability');
}

describe('genesisBlock', () => {
  it('is block 0 with one unsigned CONFIG envelope, as configtxgen writes it', async () => {
    const config = await exampleConfig();
    const block = common.Block.deserializeBinary(genesisBlock(config, 'traceability', { timestamp, nonce }));
    expect(block.getHeader()?.getNumber()).toBe(0);
    expect(block.getHeader()?.getPreviousHash_asU8()).toHaveLength(0);
    expect(block.getMetadata()?.getMetadataList()).toHaveLength(5);
    const envelope = common.Envelope.deserializeBinary(block.getData()?.getDataList_asU8()[0] ?? new Uint8Array());
    expect(envelope.getSignature_asU8()).toHaveLength(0);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    expect(header.getType()).toBe(common.HeaderType.CONFIG);
    expect(header.getChannelId()).toBe('traceability');
    // google.protobuf.Timestamp comes from an untyped module: only these two getters are used.
    const stamp = header.getTimestamp() as unknown as { getSeconds(): number; getNanos(): number } | undefined;
    expect(stamp?.getSeconds()).toBe(Math.floor(timestamp.getTime() / 1000));
    expect(stamp?.getNanos()).toBe(0);
    const signature = common.SignatureHeader.deserializeBinary(
      payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array(),
    );
    expect([...signature.getNonce_asU8()]).toEqual([...nonce]);
    expect(header.getTxId()).toBe(computeTxId(nonce, new Uint8Array()));
    // LAST_CONFIG and SIGNATURES metadata point at block 0, as Fabric's genesis factory sets them.
    const signatures = common.Metadata.deserializeBinary(
      block.getMetadata()?.getMetadataList_asU8()[0] ?? new Uint8Array(),
    );
    expect(common.OrdererBlockMetadata.deserializeBinary(signatures.getValue_asU8()).hasLastConfig()).toBe(true);
  });

  it('decodes back to the same channel and Config tree', async () => {
    const config = await exampleConfig();
    const decoded = decodeConfigBlock(genesisBlock(config, 'traceability', { timestamp, nonce }));
    expect(decoded.channelId).toBe('traceability');
    expect(decoded.blockNumber).toBe(0);
    expect(decodeConfig(decoded.config)).toEqual(decodeConfig(config));
    expect(decoded.config).toEqual(config);
  });

  it('refuses a nonce that is not 24 bytes', async () => {
    const config = await exampleConfig();
    expect(() => genesisBlock(config, 'x', { timestamp, nonce: new Uint8Array(8) })).toThrow(/24 bytes/);
  });
});

describe('decodeConfigBlock', () => {
  const bad = (bytes: Uint8Array): string => {
    try {
      decodeConfigBlock(bytes);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigBlockError);
      return (error as Error).message;
    }
    throw new Error('decoded');
  };

  it('says an empty file is empty', () => {
    expect(bad(new Uint8Array())).toMatch(/empty/);
  });

  it('says text is not a block', () => {
    expect(bad(new TextEncoder().encode('this is not a block, it is a README\n'))).toMatch(
      /not a Fabric block|does not decode/,
    );
  });

  it('notices a truncated or altered block', async () => {
    const block = genesisBlock(await exampleConfig(), 'traceability', { timestamp, nonce });
    expect(bad(block.slice(0, block.length - 200))).toMatch(/does not decode|data hash|not a Fabric block/);
    const altered = block.slice();
    const at = altered.indexOf(0x74); // a byte inside the data ('t' of a name)
    altered[at] = 0x75;
    expect(bad(altered)).toMatch(/data hash|altered/);
  });

  it('refuses a block whose transaction is not a config transaction', () => {
    const header = new common.ChannelHeader();
    header.setType(common.HeaderType.ENDORSER_TRANSACTION);
    header.setChannelId('traceability');
    const payloadHeader = new common.Header();
    payloadHeader.setChannelHeader(header.serializeBinary());
    const payload = new common.Payload();
    payload.setHeader(payloadHeader);
    const envelope = new common.Envelope();
    envelope.setPayload(payload.serializeBinary());
    const data = envelope.serializeBinary();
    const block = new common.Block();
    const blockHeader = new common.BlockHeader();
    blockHeader.setNumber(7);
    blockHeader.setDataHash(new Uint8Array(createHash('sha256').update(data).digest()));
    block.setHeader(blockHeader);
    const blockData = new common.BlockData();
    blockData.setDataList([data]);
    block.setData(blockData);
    expect(bad(block.serializeBinary())).toMatch(/block 7 is not a config block.*peer channel fetch config/);
  });
});
