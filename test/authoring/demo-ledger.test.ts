// The walkthrough's reading of ledger answers and orderer logs (demo/ledger-queries.ts,
// demo/raft-leaders.ts, demo/ledger-facts.ts), on messages built as a peer builds them.
import { common, peer } from '@hyperledger/fabric-protos';
import { describe, expect, it } from 'vitest';
import { decodeChainInfo, decodeCommittedDefinition, decodeTransactionBlock } from '../../demo/ledger-queries.ts';
import { definitionLines, heightLines, transactionLines, type LedgerReport } from '../../demo/ledger-facts.ts';
import { raftViews } from '../../demo/raft-leaders.ts';

function envelope(txId: string): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setTxId(txId);
  channelHeader.setChannelId('traceability');
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  const env = new common.Envelope();
  env.setPayload(payload.serializeBinary());
  return env.serializeBinary();
}

describe('ledger answers', () => {
  it('GetChainInfo: the height and the current block hash', () => {
    const info = new common.BlockchainInfo();
    info.setHeight(7);
    info.setCurrentblockhash(Uint8Array.from([0xab, 0x01]));
    expect(decodeChainInfo(info.serializeBinary())).toEqual({ height: 7, currentBlockHash: 'ab01' });
  });

  it('QueryChaincodeDefinition: sequence, version and every approval', () => {
    const result = new peer.lifecycle.QueryChaincodeDefinitionResult();
    result.setSequence(2);
    result.setVersion('1.1.0');
    result.setInitRequired(true);
    const approvals = result.getApprovalsMap() as unknown as { set(k: string, v: boolean): unknown };
    approvals.set('AcmeManufacturingMSP', true);
    approvals.set('HarborviewRetailMSP', false);
    expect(decodeCommittedDefinition(result.serializeBinary())).toEqual({
      sequence: 2,
      version: '1.1.0',
      initRequired: true,
      approvals: { AcmeManufacturingMSP: true, HarborviewRetailMSP: false },
    });
  });

  it('GetBlockByTxID: the block number and the validation code the peer gave the transaction', () => {
    const block = new common.Block();
    const header = new common.BlockHeader();
    header.setNumber(5);
    block.setHeader(header);
    const data = new common.BlockData();
    data.setDataList([envelope('a'.repeat(64)), envelope('b'.repeat(64))]);
    block.setData(data);
    const metadata = new common.BlockMetadata();
    const filter = Uint8Array.from([peer.TxValidationCode.VALID, peer.TxValidationCode.MVCC_READ_CONFLICT]);
    metadata.setMetadataList([new Uint8Array(), new Uint8Array(), filter, new Uint8Array(), new Uint8Array()]);
    block.setMetadata(metadata);
    const bytes = block.serializeBinary();
    expect(decodeTransactionBlock(bytes, 'b'.repeat(64))).toEqual({ blockNumber: 5, validation: 'MVCC_READ_CONFLICT' });
    expect(decodeTransactionBlock(bytes, 'a'.repeat(64))).toEqual({ blockNumber: 5, validation: 'VALID' });
    expect(() => decodeTransactionBlock(bytes, 'c'.repeat(64))).toThrow(/block 5 does not carry/);
  });
});

describe('Raft leader from an orderer log', () => {
  it("takes each channel's last leader change and the orderer's own Raft ID", () => {
    const log = [
      '2026-11-30 05:40:01.123 UTC 0042 INFO [orderer.consensus.etcdraft] serveRequest -> Raft leader changed: 0 -> 2 channel=traceability node=1',
      '2026-11-30 05:40:02.000 UTC 0043 INFO [orderer.consensus.etcdraft] serveRequest -> Raft leader changed: 0 -> 3 channel=recalls node=3',
      '2026-11-30 05:41:00.000 UTC 0050 INFO [orderer.consensus.etcdraft] serveRequest -> Raft leader changed: 2 -> 1 channel=traceability node=1',
      'unrelated line',
    ].join('\n');
    expect(Object.fromEntries(raftViews(log))).toEqual({
      traceability: { leader: 1, self: 1 },
      recalls: { leader: 3, self: 3 },
    });
  });
});

describe('narration of a ledger report', () => {
  const report: LedgerReport = {
    manufacturer: {
      mspId: 'AcmeManufacturingMSP',
      peer: 'peer0.fabric.acme.example',
      heights: { recalls: { value: { height: 3, currentBlockHash: '' } }, traceability: { error: 'no ledger' } },
      definitions: {
        'traceability/provenance': {
          value: { sequence: 1, version: '1.0.0', initRequired: false, approvals: { B: true, A: false } },
        },
      },
      transaction: { value: { blockNumber: 4, validation: 'VALID' } },
    },
  };
  it('says every fact, and what could not be read', () => {
    expect(heightLines(report)).toEqual([
      'peer0.fabric.acme.example (AcmeManufacturingMSP): recalls height 3, traceability height unreadable (no ledger)',
    ]);
    expect(definitionLines(report)).toEqual([
      'peer0.fabric.acme.example: provenance on traceability is committed at sequence 1, version 1.0.0; approvals: A no, B yes',
    ]);
    expect(transactionLines(report)).toEqual(['peer0.fabric.acme.example: in block 4, VALID']);
  });
});
