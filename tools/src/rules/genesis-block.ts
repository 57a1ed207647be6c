import { ConfigBlockError, decodeConfigBlock } from '../fabric/config/config-block.ts';
import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';

const genesisPath = (channel: string): string => `channels/${channel}/genesis.block`;

function atFile(file: string, severity: Diagnostic['severity'], message: string, hint: string): Diagnostic {
  return { rule: 'genesis-block', severity, file, line: 1, column: 1, message, hint };
}

/**
 * channels/<ch>/genesis.block is the channel's block 0 (or, for an adopted channel, the config
 * block its history in this repository starts from): every member's orderers and peers join the
 * channel from it, so it must be a config block of this very channel. A channel without one has not
 * been created on any ledger yet; render cannot hand its members a block to join.
 */
export function checkGenesisBlock(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    const path = genesisPath(channel.name);
    const file = ctx.filesByPath.get(path);
    if (file === undefined) {
      found.push({
        ...atFile(
          channel.source.file,
          'warning',
          `channel ${channel.name} has no block 0 (${path}): no member can create or join it yet`,
          `Run \`consortium channel propose ${channel.name}\` to build it from channel.yaml, or \`consortium channel import ${channel.name} --block FILE\` if the channel already runs.`,
        ),
      });
      continue;
    }
    if (file.bytes === undefined) {
      found.push(
        atFile(
          path,
          'error',
          `${path} could not be read`,
          'Check that it is a regular file no larger than the loader limit.',
        ),
      );
      continue;
    }
    let decoded;
    try {
      decoded = decodeConfigBlock(file.bytes);
    } catch (error) {
      if (!(error instanceof ConfigBlockError)) throw error;
      found.push(
        atFile(
          path,
          'error',
          `${path} is not a Fabric config block: ${error.message}`,
          `Restore the committed block 0 (git checkout <base> -- ${path}); a new channel's block is written by \`consortium channel propose ${channel.name}\`.`,
        ),
      );
      continue;
    }
    if (decoded.channelId !== channel.name) {
      found.push(
        atFile(
          path,
          'error',
          `${path} is a block of channel "${decoded.channelId}", not of "${channel.name}" (its folder)`,
          `Put the block in channels/${decoded.channelId}/, or restore this channel's own block.`,
        ),
      );
      continue;
    }
    if (decoded.blockNumber !== 0) {
      found.push(
        atFile(
          path,
          'warning',
          `${path} is config block ${decoded.blockNumber} of channel ${channel.name}, not block 0: orderers can join from it, but a peer joins a channel only from block 0`,
          `Peers of members that join later need block 0 (\`peer channel fetch 0\`); see docs/design.md, "Adopting a running channel".`,
        ),
      );
    }
  }
  return found;
}
