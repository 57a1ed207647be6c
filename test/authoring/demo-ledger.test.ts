// The walkthrough's reading of ledger answers and orderer logs (demo/ledger-queries.ts,
// demo/raft-leaders.ts, demo/ledger-facts.ts), on messages built as a peer builds them.
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { describe, expect, it } from 'vitest';
import { decodeChainInfo, decodeCommittedDefinition, decodeTransactionBlock } from '../../demo/ledger-queries.ts';
import { summarizeBlock } from '../../demo/block-summary.ts';
import {
  chainLines,
  definitionLines,
  heightLines,
  transactionLines,
  type LedgerReport,
} from '../../demo/ledger-facts.ts';
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

/** An endorser transaction as a client submits it: `chaincode fn args...` signed by `mspId`. */
function endorserTransaction(txId: string, mspId: string, chaincode: string, args: string[]): Uint8Array {
  const input = new peer.ChaincodeInput();
  input.setArgsList(args.map((a) => new TextEncoder().encode(a)));
  const id = new peer.ChaincodeID();
  id.setName(chaincode);
  const spec = new peer.ChaincodeSpec();
  spec.setChaincodeId(id);
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  const proposalPayload = new peer.ChaincodeProposalPayload();
  proposalPayload.setInput(invocation.serializeBinary());
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposalPayload.serializeBinary());
  const action = new peer.TransactionAction();
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
  channelHeader.setTxId(txId);
  const creator = new msp.SerializedIdentity();
  creator.setMspid(mspId);
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creator.serializeBinary());
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(transaction.serializeBinary());
  const env = new common.Envelope();
  env.setPayload(payload.serializeBinary());
  return env.serializeBinary();
}

describe('a block, transaction by transaction', () => {
  it('names the chaincode function, the signer and the verdict of each transaction', () => {
    const block = new common.Block();
    const header = new common.BlockHeader();
    header.setNumber(4);
    block.setHeader(header);
    const data = new common.BlockData();
    data.setDataList([
      endorserTransaction('t1', 'AcmeManufacturingMSP', 'provenance', ['RecordHandOver', 'SHIP-0001']),
      endorserTransaction('t2', 'StraitsFreightMSP', '_lifecycle', ['ApproveChaincodeDefinitionForMyOrg', 'x']),
    ]);
    block.setData(data);
    const metadata = new common.BlockMetadata();
    const filter = Uint8Array.from([peer.TxValidationCode.VALID, peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE]);
    metadata.setMetadataList([new Uint8Array(), new Uint8Array(), filter]);
    block.setMetadata(metadata);
    const summary = summarizeBlock(block.serializeBinary());
    expect(summary).toEqual({
      number: 4,
      transactions: [
        {
          txId: 't1',
          type: 'ENDORSER_TRANSACTION',
          call: 'provenance RecordHandOver',
          creator: 'AcmeManufacturingMSP',
          validation: 'VALID',
        },
        {
          txId: 't2',
          type: 'ENDORSER_TRANSACTION',
          call: '_lifecycle ApproveChaincodeDefinitionForMyOrg',
          creator: 'StraitsFreightMSP',
          validation: 'ENDORSEMENT_POLICY_FAILURE',
        },
      ],
    });
    const genesis = new common.Block();
    const genesisData = new common.BlockData();
    genesisData.setDataList([envelope('')]);
    genesis.setData(genesisData);
    genesis.setHeader(new common.BlockHeader());
    const report: LedgerReport = {
      manufacturer: {
        mspId: 'AcmeManufacturingMSP',
        peer: 'peer0',
        heights: {},
        definitions: {},
        transaction: undefined,
        chain: { channel: 'traceability', blocks: { value: [summarizeBlock(genesis.serializeBinary()), summary] } },
      },
    };
    expect(chainLines(report)).toEqual([
      'block 0: MESSAGE',
      'block 4: provenance RecordHandOver by AcmeManufacturingMSP, VALID; _lifecycle ApproveChaincodeDefinitionForMyOrg by StraitsFreightMSP, ENDORSEMENT_POLICY_FAILURE',
    ]);
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
