// `channel propose`: a new channels/<name>/channel.yaml written the way the example channels are:
// schema line, ImplicitMeta policies (Fabric's defaults), one anchor peer per member, and the
// capabilities the consortium's existing channels already use.
import { stringify } from 'yaml';
import type { ChannelCapabilities, ConsortiumModel } from '../model/types.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { checkChannelName } from './check-names.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { composeNewYaml, findOrg } from './model-files.ts';

export interface ChannelProposeOptions {
  readonly name: string;
  readonly members: readonly string[];
  /** One line describing what the channel is for; becomes the file's header comment. */
  readonly description?: string;
}

const defaultCapabilities: ChannelCapabilities = { channel: 'V2_0', orderer: 'V2_0', application: 'V2_5' };

export function planChannelPropose(model: ConsortiumModel, options: ChannelProposeOptions): FileChanges {
  checkChannelName(options.name);
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
    stringify({
      policies: {
        Readers: 'ANY Readers',
        Writers: 'ANY Writers',
        Admins: 'MAJORITY Admins',
        Endorsement: 'MAJORITY Endorsement',
        LifecycleEndorsement: 'MAJORITY Endorsement',
      },
    }).trimEnd(),
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
  return createFileChanges([[path, text]]);
}
