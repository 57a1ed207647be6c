// The config a channel's ledger holds, derived from the repository: block 0 (genesis.block)
// followed by every committed update, each applied as the orderer applies it. The config before
// each update is kept, since signatures on update N are judged against the MSPs of that config.
import { common } from '@hyperledger/fabric-protos';
import { configFromProto, type ChannelConfig } from './config-tree.ts';
import { decodeConfigUpdate, type ConfigUpdate } from './config-update.ts';
import { applyUpdate, type DeltaElement } from './apply-update.ts';

const HEADER_TYPE_CONFIG = 1;

export type DecodedBlock =
  | { readonly ok: true; readonly channelId: string; readonly config: ChannelConfig }
  | { readonly ok: false; readonly error: string };

/** The channel ID and config carried by a config block (block 0 or any later config block). */
export function decodeConfigBlock(bytes: Uint8Array): DecodedBlock {
  try {
    const block = common.Block.deserializeBinary(bytes);
    const first = block.getData()?.getDataList_asU8()[0];
    if (first === undefined) return { ok: false, error: 'the block holds no transaction' };
    const envelope = common.Envelope.deserializeBinary(first);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const header = payload.getHeader();
    if (header === undefined) return { ok: false, error: 'the transaction has no header' };
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    if (channelHeader.getType() !== HEADER_TYPE_CONFIG) {
      return {
        ok: false,
        error: `the block's transaction is of type ${channelHeader.getType()}, not a config transaction`,
      };
    }
    const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig();
    if (config === undefined) return { ok: false, error: 'the config transaction holds no config' };
    return { ok: true, channelId: channelHeader.getChannelId(), config: configFromProto(config) };
  } catch (error) {
    return { ok: false, error: `not a Fabric block (${error instanceof Error ? error.message : String(error)})` };
  }
}

export interface LedgerStep {
  /** "0001": the update's folder name. */
  readonly number: string;
  readonly update: ConfigUpdate;
  /** The config the update applies to (its signatures are judged against this one). */
  readonly before: ChannelConfig;
  readonly after: ChannelConfig;
  readonly delta: readonly DeltaElement[];
}

export type LedgerConfigResult =
  | {
      readonly ok: true;
      readonly channelId: string;
      readonly config: ChannelConfig;
      readonly steps: readonly LedgerStep[];
    }
  | {
      readonly ok: false;
      /** The update that fails, or undefined when block 0 itself does not decode. */
      readonly number: string | undefined;
      readonly error: string;
      readonly staleReadSet: boolean;
      /** What was derived before the failure. */
      readonly steps: readonly LedgerStep[];
    };

/** Block 0 followed by `updates` (in ledger order, each the stored update.pb bytes). */
export function ledgerConfig(
  genesis: Uint8Array,
  updates: readonly { readonly number: string; readonly bytes: Uint8Array }[],
): LedgerConfigResult {
  const block = decodeConfigBlock(genesis);
  if (!block.ok)
    return { ok: false, number: undefined, error: `genesis.block: ${block.error}`, staleReadSet: false, steps: [] };
  let config = block.config;
  const steps: LedgerStep[] = [];
  for (const { number, bytes } of updates) {
    const decoded = decodeConfigUpdate(bytes);
    if (!decoded.ok) return { ok: false, number, error: decoded.error, staleReadSet: false, steps };
    const applied = applyUpdate({ channelId: block.channelId, config, update: decoded.value });
    if (!applied.ok) return { ok: false, number, error: applied.error, staleReadSet: applied.staleReadSet, steps };
    steps.push({ number, update: decoded.value, before: config, after: applied.config, delta: applied.delta });
    config = applied.config;
  }
  return { ok: true, channelId: block.channelId, config, steps };
}
