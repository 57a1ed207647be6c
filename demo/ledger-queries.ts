// What the walkthrough reads from the ledger through a member's Fabric Gateway: evaluate calls to
// its peer's system chaincodes (qscc GetChainInfo and GetBlockByTxID, _lifecycle
// QueryChaincodeDefinition, GetBlockByNumber), decoded with @hyperledger/fabric-protos, the protobuf code the
// toolkit reads blocks and configs with (tools/src/fabric/). Not the peer CLI in a Pod: the
// client already holds the member's identity and a Gateway connection, and each call names the
// member's own organization as its only target, so the answer is that member's peer's ledger.
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { summarizeBlock, type BlockSummary } from './block-summary.ts';

export interface ChainInfo {
  /** Blocks on the peer's ledger of the channel (the next block's number). */
  readonly height: number;
  readonly currentBlockHash: string;
}

export interface CommittedDefinition {
  readonly sequence: number;
  readonly version: string;
  readonly initRequired: boolean;
  /** Each channel member's approval of this definition, by MSP ID. */
  readonly approvals: Readonly<Record<string, boolean>>;
}

export interface TransactionBlock {
  readonly blockNumber: number;
  /** The peer's validation code of the transaction (peer.TxValidationCode name), e.g. VALID. */
  readonly validation: string;
}

async function evaluateOnOwnPeer(
  gateway: Gateway,
  mspId: string,
  channel: string,
  chaincode: string,
  transaction: string,
  args: readonly (string | Uint8Array)[],
): Promise<Uint8Array> {
  const proposal = gateway
    .getNetwork(channel)
    .getContract(chaincode)
    .newProposal(transaction, { arguments: [...args], endorsingOrganizations: [mspId] });
  return proposal.evaluate();
}

export async function chainInfo(gateway: Gateway, mspId: string, channel: string): Promise<ChainInfo> {
  return decodeChainInfo(await evaluateOnOwnPeer(gateway, mspId, channel, 'qscc', 'GetChainInfo', [channel]));
}

export async function committedDefinition(
  gateway: Gateway,
  mspId: string,
  channel: string,
  name: string,
): Promise<CommittedDefinition> {
  const args = new peer.lifecycle.QueryChaincodeDefinitionArgs();
  args.setName(name);
  const bytes = await evaluateOnOwnPeer(gateway, mspId, channel, '_lifecycle', 'QueryChaincodeDefinition', [
    args.serializeBinary(),
  ]);
  return decodeCommittedDefinition(bytes);
}

export async function transactionBlock(
  gateway: Gateway,
  mspId: string,
  channel: string,
  txId: string,
): Promise<TransactionBlock> {
  const bytes = await evaluateOnOwnPeer(gateway, mspId, channel, 'qscc', 'GetBlockByTxID', [channel, txId]);
  return decodeTransactionBlock(bytes, txId);
}

export function decodeChainInfo(bytes: Uint8Array): ChainInfo {
  const info = common.BlockchainInfo.deserializeBinary(bytes);
  return { height: info.getHeight(), currentBlockHash: Buffer.from(info.getCurrentblockhash_asU8()).toString('hex') };
}

export function decodeCommittedDefinition(bytes: Uint8Array): CommittedDefinition {
  const result = peer.lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(bytes);
  const approvals: Record<string, boolean> = {};
  // google-protobuf ships no types for jspb.Map (as tools/src/fabric/config/config-tree.ts notes).
  const map = result.getApprovalsMap() as unknown as { entries(): Iterable<[string, boolean]> };
  for (const [msp, approved] of map.entries()) approvals[msp] = approved;
  return {
    sequence: result.getSequence(),
    version: result.getVersion(),
    initRequired: result.getInitRequired(),
    approvals,
  };
}

/** The block's number and the validation code the committing peer gave `txId` in it. */
export function decodeTransactionBlock(bytes: Uint8Array, txId: string): TransactionBlock {
  const block = summarizeBlock(bytes);
  const transaction = block.transactions.find((t) => t.txId === txId);
  if (transaction === undefined) throw new Error(`block ${block.number} does not carry transaction ${txId}`);
  return { blockNumber: block.number, validation: transaction.validation };
}

export async function blockByNumber(
  gateway: Gateway,
  mspId: string,
  channel: string,
  number: number,
): Promise<BlockSummary> {
  return summarizeBlock(
    await evaluateOnOwnPeer(gateway, mspId, channel, 'qscc', 'GetBlockByNumber', [channel, String(number)]),
  );
}
