// The `<channel>-genesis` ConfigMap every member's join Jobs mount: the channel's committed block 0
// (channels/<ch>/genesis.block) as binaryData, byte for byte. It is public, and it must be the same
// block everywhere (a block regenerated anywhere else would differ in its header and start another
// chain), so it comes from the repository and nobody builds or hands it out by hand.
import { metaFor, type MemberContext } from './context.ts';
import { genesisConfigMap } from './secret-names.ts';
import type { KubeObject } from './types.ts';

export const GENESIS_BLOCK_KEY = 'genesis.block';

/**
 * One ConfigMap per channel this member's orderers or peers join. A channel without a committed
 * block gets none: its join Jobs wait for the ConfigMap (validation warns about the missing block).
 */
export function renderGenesisConfigMaps(ctx: MemberContext): KubeObject[] {
  // Its orderers join every channel (one ordering service), its peers the channels it is a member of.
  const channels = ctx.ownConsenters.length > 0 ? ctx.allChannels : ctx.channels;
  return channels.flatMap((channel) => {
    const block = ctx.fileBytes(`channels/${channel.name}/genesis.block`);
    if (block === undefined) return [];
    return [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: metaFor(ctx, {
          objectName: genesisConfigMap(channel.name),
          name: 'fabric-genesis',
          component: 'channel-join',
          channel: channel.name,
        }),
        binaryData: { [GENESIS_BLOCK_KEY]: Buffer.from(block).toString('base64') },
      },
    ];
  });
}
