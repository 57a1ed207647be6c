// The channel configuration the repository describes: what the channel's config should be now.
import type { ConsortiumModel } from '../../model/types.ts';
import { channelProfile } from './channel-profile.ts';
import type { ChannelConfig } from './config-tree.ts';
import { newChannelConfig } from './new-channel-group.ts';

/**
 * The Config tree configtxgen would build from the channel's configtx.yaml profile, built from the
 * model without running anything. Throws ChannelConfigError when the model lacks something a
 * channel configuration needs (a consenter's TLS certificate, for one).
 */
export function buildChannelConfig(model: ConsortiumModel, channelName: string): ChannelConfig {
  return newChannelConfig(channelProfile(model, channelName));
}
