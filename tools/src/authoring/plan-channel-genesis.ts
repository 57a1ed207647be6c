// Block 0 of a channel, as the repository commits it: built by the toolkit from the model (the
// Config tree configtxgen would build), or adopted from a running channel's config block. Either
// way it is written once and never changes (governance refuses a change to it).
import type { Channel, ConsortiumModel } from '../model/types.ts';
import { FindingsError } from '../errors.ts';
import { buildChannelConfig } from '../fabric/config/build-channel-config.ts';
import { ChannelConfigError } from '../fabric/config/channel-config-error.ts';
import { ConfigBlockError, decodeConfigBlock, genesisBlock } from '../fabric/config/config-block.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { findChannel } from './model-files.ts';

export const genesisBlockPath = (channel: string): string => `channels/${channel}/genesis.block`;

/** The header fields Fabric fills from the clock and a random source: passed in, so planning stays pure. */
export interface GenesisInput {
  readonly timestamp: Date;
  /** 24 random bytes. */
  readonly nonce: Uint8Array;
}

/** Block 0 for `channel` as the model (with that channel in it) describes it. */
export function buildGenesisBlock(model: ConsortiumModel, channel: Channel, genesis: GenesisInput): Uint8Array {
  const withChannel: ConsortiumModel = {
    ...model,
    channels: [...model.channels.filter((c) => c.name !== channel.name), channel],
  };
  try {
    return genesisBlock(buildChannelConfig(withChannel, channel.name), channel.name, genesis);
  } catch (error) {
    if (error instanceof ChannelConfigError) {
      throw new FindingsError(`cannot build block 0 of channel ${channel.name}: ${error.message}`);
    }
    throw error;
  }
}

function refuseExistingGenesis(model: ConsortiumModel, channel: string): void {
  const path = genesisBlockPath(channel);
  if (model.files.some((f) => f.path === path)) {
    throw new FindingsError(
      `channel ${channel} already has its block 0 (${path}); it never changes: ` +
        `changes to a channel go through \`consortium channel update ${channel}\``,
    );
  }
}

/**
 * `channel propose NAME` for a channel that channel.yaml already describes but that has no block 0
 * yet (a consortium set up before block 0 was committed, or the template's example): writes it.
 */
export function planChannelGenesis(model: ConsortiumModel, name: string, genesis: GenesisInput): FileChanges {
  const channel = findChannel(model, name);
  refuseExistingGenesis(model, name);
  return createFileChanges([[genesisBlockPath(name), buildGenesisBlock(model, channel, genesis)]]);
}

export interface ChannelImportOptions {
  readonly channel: string;
  /** The config block's bytes, as `peer channel fetch config` (or `fetch 0`) saved them. */
  readonly block: Uint8Array;
  /** Where the block was read from, for messages. */
  readonly blockFile: string;
}

export interface ChannelImportPlan {
  readonly changes: FileChanges;
  /** The block's number on the ledger: 0 for the real genesis block. */
  readonly blockNumber: number;
}

/**
 * `channel import NAME --block FILE`: adopts a running channel. The block is committed byte for
 * byte as the channel's genesis.block, the base its ledger config is derived from (docs/design.md,
 * "Adopting a running channel", says what a later config block means for joining peers).
 */
export function planChannelImport(model: ConsortiumModel, options: ChannelImportOptions): ChannelImportPlan {
  findChannel(model, options.channel);
  refuseExistingGenesis(model, options.channel);
  let decoded;
  try {
    decoded = decodeConfigBlock(options.block);
  } catch (error) {
    if (error instanceof ConfigBlockError) {
      throw new FindingsError(
        `${options.blockFile} is not a config block: ${error.message}. ` +
          `Fetch it with \`peer channel fetch config ${options.channel}.block -c ${options.channel}\` (or \`fetch 0\` for block 0).`,
      );
    }
    throw error;
  }
  if (decoded.channelId !== options.channel) {
    throw new FindingsError(
      `${options.blockFile} is a config block of channel "${decoded.channelId}", not of "${options.channel}"`,
    );
  }
  return {
    changes: createFileChanges([[genesisBlockPath(options.channel), options.block]]),
    blockNumber: decoded.blockNumber,
  };
}
