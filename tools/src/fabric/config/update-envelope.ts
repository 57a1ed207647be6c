// What a member submits to the ordering service for a channel update: the ConfigUpdate bytes
// exactly as committed (the bytes every signature covers, never re-encoded) and the collected
// ConfigSignatures in a ConfigUpdateEnvelope, inside a common.Envelope of type CONFIG_UPDATE for
// the channel. The envelope's own signature is the submitter's: `peer channel update -f` adds it
// when it sends the envelope (Fabric internal/peer/channel/create.go sanityCheckAndSignConfigTx).
import { common } from '@hyperledger/fabric-protos';

/** common.HeaderType.CONFIG_UPDATE. */
const HEADER_TYPE_CONFIG_UPDATE = 2;

export interface UpdateEnvelopeInput {
  readonly channelId: string;
  /** The committed update.pb: a serialized common.ConfigUpdate. */
  readonly update: Uint8Array;
  /** The committed signatures/*.sig: serialized common.ConfigSignature messages, in file order. */
  readonly signatures: readonly Uint8Array[];
}

// Follows Fabric protoutil/txutils.go CreateSignedEnvelope (the payload it wraps and signs).
export function configUpdateEnvelope(input: UpdateEnvelopeInput): Uint8Array {
  const updateEnvelope = new common.ConfigUpdateEnvelope();
  updateEnvelope.setConfigUpdate(input.update);
  updateEnvelope.setSignaturesList(input.signatures.map((bytes) => common.ConfigSignature.deserializeBinary(bytes)));

  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(HEADER_TYPE_CONFIG_UPDATE);
  channelHeader.setChannelId(input.channelId);
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(new common.SignatureHeader().serializeBinary());

  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(updateEnvelope.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}
