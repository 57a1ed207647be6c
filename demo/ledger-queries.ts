// What the walkthrough reads from the ledger through a member's Fabric Gateway: evaluate calls to
// its peer's system chaincodes (qscc GetChainInfo and GetBlockByTxID, _lifecycle
// QueryChaincodeDefinition), decoded with @hyperledger/fabric-protos, the protobuf code the
// toolkit reads blocks and configs with (tools/src/fabric/). Not the peer CLI in a Pod: the
// client already holds the member's identity and a Gateway connection, and each call names the
// member's own organization as its only target, so the answer is that member's peer's ledger.
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';

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

const validationNames = new Map(Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]));

/** The block's number and the validation code the committing peer gave `txId` in it. */
export function decodeTransactionBlock(bytes: Uint8Array, txId: string): TransactionBlock {
  const block = common.Block.deserializeBinary(bytes);
  const blockNumber = block.getHeader()?.getNumber() ?? -1;
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  const index = envelopes.findIndex((bytes) => envelopeTxId(bytes) === txId);
  if (index < 0) throw new Error(`block ${blockNumber} does not carry transaction ${txId}`);
  // One byte per transaction, in block order: the peer's verdict at commit.
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const code = filter?.[index];
  return { blockNumber, validation: code === undefined ? 'unknown' : (validationNames.get(code) ?? `code ${code}`) };
}

function envelopeTxId(bytes: Uint8Array): string {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
  const header = payload.getHeader();
  if (header === undefined) return '';
  return common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8()).getTxId();
}
