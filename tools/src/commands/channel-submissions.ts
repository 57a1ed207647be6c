// The committed channel updates every member's render turns into submission Jobs: read from each
// channel's ledger files (genesis.block, updates/<NNNN>/) through the RepoReader. A channel
// without block 0, or whose updates/ folder has problems, gets none: validation reports those.
import type { RepoReader } from '../adapters/repo-reader.ts';
import { loadChannelLedger } from '../model/load-channel-ledger.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { updateSubmissions, type ChannelUpdateSubmission } from '../render/channel-update-jobs.ts';

export async function readChannelSubmissions(
  reader: RepoReader,
  model: ConsortiumModel,
  now: Date,
): Promise<ChannelUpdateSubmission[]> {
  const submissions: ChannelUpdateSubmission[] = [];
  for (const channel of model.channels) {
    const files = await loadChannelLedger(reader, channel.name);
    if (files.genesis === undefined || files.problems.length > 0) continue;
    submissions.push(...updateSubmissions({ ...files, genesis: files.genesis }, now));
  }
  return submissions;
}
