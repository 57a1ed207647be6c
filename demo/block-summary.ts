// One line per transaction of a block, as a reader of the ledger wants it: what kind of
// transaction, which chaincode function (the first argument, as Fabric's chaincode shims read
// it), who signed it, and the committing peer's verdict. Decoded with @hyperledger/fabric-protos
// along the envelope layout of common/common.proto and peer/transaction.proto.
import { common, msp, peer } from '@hyperledger/fabric-protos';

export interface TransactionSummary {
  readonly txId: string;
  /** CONFIG, ENDORSER_TRANSACTION, ... (common.HeaderType name). */
  readonly type: string;
  /** Of an endorser transaction: `<chaincode> <function>`. */
  readonly call?: string;
  /** The MSP ID of the creator (the client that signed the proposal or update). */
  readonly creator: string;
  /** peer.TxValidationCode name. */
  readonly validation: string;
}

export interface BlockSummary {
  readonly number: number;
  readonly transactions: readonly TransactionSummary[];
}

const headerTypes = new Map(Object.entries(common.HeaderType).map(([name, code]) => [code, name]));
const validationCodes = new Map(Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]));
const text = new TextDecoder();

export function validationName(code: number | undefined): string {
  return code === undefined ? 'unknown' : (validationCodes.get(code) ?? `code ${code}`);
}

export function summarizeBlock(bytes: Uint8Array): BlockSummary {
  const block = common.Block.deserializeBinary(bytes);
  // One byte per transaction, in block order: the peer's verdict at commit.
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  const transactions = (block.getData()?.getDataList_asU8() ?? []).map((envelope, index) =>
    summarizeEnvelope(envelope, filter?.[index]),
  );
  return { number: block.getHeader()?.getNumber() ?? -1, transactions };
}

export function summarizeEnvelope(bytes: Uint8Array, validationCode: number | undefined): TransactionSummary {
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
  const header = payload.getHeader();
  const channelHeader = common.ChannelHeader.deserializeBinary(header?.getChannelHeader_asU8() ?? new Uint8Array());
  const signatureHeader = common.SignatureHeader.deserializeBinary(
    header?.getSignatureHeader_asU8() ?? new Uint8Array(),
  );
  const creator = msp.SerializedIdentity.deserializeBinary(signatureHeader.getCreator_asU8()).getMspid();
  const type = headerTypes.get(channelHeader.getType()) ?? `type ${channelHeader.getType()}`;
  const summary = {
    txId: channelHeader.getTxId(),
    type,
    creator,
    validation: validationName(validationCode),
  };
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) return summary;
  return { ...summary, call: chaincodeCall(payload.getData_asU8()) };
}

/** `<chaincode> <function>` of an endorser transaction's first action. */
function chaincodeCall(transactionBytes: Uint8Array): string {
  const action = peer.Transaction.deserializeBinary(transactionBytes).getActionsList()[0];
  if (action === undefined) return 'no action';
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const proposal = peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposal.getInput_asU8()).getChaincodeSpec();
  const name = spec?.getChaincodeId()?.getName() ?? '?';
  const fn = spec?.getInput()?.getArgsList_asU8()[0];
  return `${name} ${fn === undefined ? '' : text.decode(fn)}`.trim();
}
