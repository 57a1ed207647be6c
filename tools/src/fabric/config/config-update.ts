// A ConfigUpdate (Fabric's common.ConfigUpdate) as plain data: the read set says which versions
// the update was computed against, the write set what it sets. Stored in the repository as the
// protobuf bytes that members sign; those bytes are decoded here, never re-encoded for signing.
import { common } from '@hyperledger/fabric-protos';
import { groupFromProto, groupToProto, type ConfigGroupNode } from './config-tree.ts';

export interface ConfigUpdate {
  readonly channelId: string;
  /** Absent is not the same as an empty group: an empty group still names /Channel's version. */
  readonly readSet: ConfigGroupNode | undefined;
  readonly writeSet: ConfigGroupNode | undefined;
}

export function encodeConfigUpdate(update: ConfigUpdate): Uint8Array {
  const message = new common.ConfigUpdate();
  message.setChannelId(update.channelId);
  if (update.readSet !== undefined) message.setReadSet(groupToProto(update.readSet));
  if (update.writeSet !== undefined) message.setWriteSet(groupToProto(update.writeSet));
  return message.serializeBinary();
}

export type DecodeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Decodes ConfigUpdate bytes; a message that does not parse is an error, never an exception. */
export function decodeConfigUpdate(bytes: Uint8Array): DecodeResult<ConfigUpdate> {
  let message: common.ConfigUpdate;
  try {
    message = common.ConfigUpdate.deserializeBinary(bytes);
  } catch (error) {
    return {
      ok: false,
      error: `not a ConfigUpdate protobuf (${error instanceof Error ? error.message : String(error)})`,
    };
  }
  const readSet = message.getReadSet();
  const writeSet = message.getWriteSet();
  return {
    ok: true,
    value: {
      channelId: message.getChannelId(),
      readSet: readSet === undefined ? undefined : groupFromProto(readSet),
      writeSet: writeSet === undefined ? undefined : groupFromProto(writeSet),
    },
  };
}
