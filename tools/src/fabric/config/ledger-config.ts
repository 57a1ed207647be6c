// The config a channel's ledger holds, derived from the repository: block 0 (genesis.block)
// followed by every committed update, each applied as the orderer applies it. The config before
// each update is kept, since signatures on update N are judged against the MSPs of that config.
import type { ChannelConfig } from './config-tree.ts';
import { ConfigBlockError, decodeConfigBlock } from './config-block.ts';
import { decodeConfigUpdate, type ConfigUpdate } from './config-update.ts';
import { applyUpdate, type DeltaElement } from './apply-update.ts';

type DecodedBlock =
  | { readonly ok: true; readonly channelId: string; readonly config: ChannelConfig }
  | { readonly ok: false; readonly error: string };

/** decodeConfigBlock (config-block.ts) as a result instead of a thrown ConfigBlockError. */
function readConfigBlock(bytes: Uint8Array): DecodedBlock {
  try {
    const { channelId, config } = decodeConfigBlock(bytes);
    return { ok: true, channelId, config };
  } catch (error) {
    if (error instanceof ConfigBlockError) return { ok: false, error: error.message };
    throw error;
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
  const block = readConfigBlock(genesis);
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
