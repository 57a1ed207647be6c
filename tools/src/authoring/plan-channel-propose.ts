// `channel propose`: a new channels/<name>/channel.yaml written the way the example channels are:
// schema line, ImplicitMeta policies (Fabric's defaults), one anchor peer per member, and the
// capabilities the consortium's existing channels already use; beside it the channel's block 0
// (genesis.block), built by the toolkit from the same description.
import { stringify } from 'yaml';
import type { Channel, ChannelCapabilities, ChannelPolicies, ConsortiumModel } from '../model/types.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { checkChannelName } from './check-names.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { composeNewYaml, findOrg } from './model-files.ts';
import { buildGenesisBlock, genesisBlockPath, planChannelGenesis, type GenesisInput } from './plan-channel-genesis.ts';

export interface ChannelProposeOptions {
  readonly name: string;
  readonly members: readonly string[];
  /** One line describing what the channel is for; becomes the file's header comment. */
  readonly description?: string;
  /** Timestamp and nonce of the genesis block's header. */
  readonly genesis: GenesisInput;
}

const defaultPolicies: ChannelPolicies = {
  Readers: 'ANY Readers',
  Writers: 'ANY Writers',
  Admins: 'MAJORITY Admins',
  Endorsement: 'MAJORITY Endorsement',
  LifecycleEndorsement: 'MAJORITY Endorsement',
};

const defaultCapabilities: ChannelCapabilities = { channel: 'V2_0', orderer: 'V2_0', application: 'V2_5' };

export function planChannelPropose(model: ConsortiumModel, options: ChannelProposeOptions): FileChanges {
  checkChannelName(options.name);
  // A channel described in channel.yaml but never created gets its block 0, nothing else.
  if (options.members.length === 0 && model.channels.some((c) => c.name === options.name)) {
    return planChannelGenesis(model, options.name, options.genesis);
  }
  if (options.members.length === 0) throw new UsageError('a channel needs at least one member: --members org-a,org-b');
  const duplicate = options.members.find((m, i) => options.members.indexOf(m) !== i);
  if (duplicate !== undefined) throw new UsageError(`--members lists ${duplicate} twice`);
  const path = `channels/${options.name}/channel.yaml`;
  if (
    model.channels.some((c) => c.name === options.name) ||
    model.files.some((f) => f.path.startsWith(`channels/${options.name}/`))
  ) {
    throw new FindingsError(
      `channel ${options.name} already exists (${path}); use \`consortium channel add-member\` to change it`,
    );
  }
  const orgs = options.members.map((id) => findOrg(model, id));
  const anchorPeers = orgs.flatMap((org) =>
    org.peers[0] === undefined ? [] : [{ org: org.id, peer: org.peers[0].name }],
  );
  const capabilities = model.channels[0]?.capabilities ?? defaultCapabilities;
  const body = [
    'apiVersion: consortium.gitops/v1alpha1',
    'kind: Channel',
    '',
    stringify({ name: options.name, members: orgs.map((o) => o.id) }).trimEnd(),
    '',
    "# Fabric policies of the channel's application group (ImplicitMeta or signature policies).",
    stringify({ policies: { ...defaultPolicies } }).trimEnd(),
    '',
    "# Peers other members' peers gossip with, one per member at least.",
    stringify({ anchorPeers }).trimEnd(),
    '',
    stringify({
      capabilities: {
        channel: capabilities.channel,
        orderer: capabilities.orderer,
        application: capabilities.application,
      },
    }).trimEnd(),
    '',
  ].join('\n');
  const text = composeNewYaml({
    schema: '../../schemas/channel.schema.json',
    comment: [
      options.description ??
        `Channel ${options.name}: ${orgs.map((o) => o.displayName.replace(/\.$/, '')).join(', ')}.`,
    ],
    body,
  });
  const channel: Channel = {
    name: options.name,
    members: orgs.map((o) => o.id),
    policies: defaultPolicies,
    anchorPeers,
    capabilities,
    chaincodes: [],
    source: { file: path, positions: {} },
  };
  return createFileChanges([
    [path, text],
    [genesisBlockPath(options.name), buildGenesisBlock(model, channel, options.genesis)],
  ]);
}
