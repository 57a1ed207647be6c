// The committed channel updates every member's render turns into submission Jobs: read from each
// channel's ledger files (genesis.block, updates/<NNNN>/) through the RepoReader. A channel
// without block 0, or whose updates/ folder has problems, gets none: validation reports those.
import type { RepoEntry, RepoReader } from '../adapters/repo-reader.ts';
import { loadChannelLedger } from '../model/load-channel-ledger.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { updateSubmissions, type ChannelUpdateSubmission } from '../render/channel-update-jobs.ts';

const CHANNEL_FILE = /^channels\/([^/]+)\//;

/**
 * The repository is listed once, and each channel's ledger is read from its own files only:
 * listing it again for every channel made render quadratic in the size of the consortium.
 */
function filesByChannel(entries: readonly RepoEntry[]): Map<string, RepoEntry[]> {
  const byChannel = new Map<string, RepoEntry[]>();
  for (const entry of entries) {
    const channel = CHANNEL_FILE.exec(entry.path)?.[1];
    if (channel === undefined) continue;
    const files = byChannel.get(channel);
    if (files === undefined) byChannel.set(channel, [entry]);
    else files.push(entry);
  }
  return byChannel;
}

export async function readChannelSubmissions(
  reader: RepoReader,
  model: ConsortiumModel,
  now: Date,
): Promise<ChannelUpdateSubmission[]> {
  const byChannel = filesByChannel(await reader.listFiles());
  const submissions: ChannelUpdateSubmission[] = [];
  for (const channel of model.channels) {
    const entries = byChannel.get(channel.name) ?? [];
    const channelReader: RepoReader = {
      description: reader.description,
      listFiles: () => Promise.resolve(entries),
      readFile: (path) => reader.readFile(path),
    };
    const files = await loadChannelLedger(channelReader, channel.name);
    if (files.genesis === undefined || files.problems.length > 0) continue;
    submissions.push(...updateSubmissions({ ...files, genesis: files.genesis }, now));
  }
  return submissions;
}
