// The committed channel updates every member's render turns into submission Jobs: read from each
// channel's ledger files (genesis.block, updates/<NNNN>/) as the model loaded them. A channel
// without block 0, or whose updates/ folder has problems, gets none: validation reports those.
import type { RepoEntry, RepoReader } from '../adapters/repo-reader.ts';
import { loadChannelLedger } from '../model/load-channel-ledger.ts';
import type { ConsortiumModel, RepoFile } from '../model/types.ts';
import type { ChannelUpdateSubmission } from '../render/channel-update-jobs.ts';

const CHANNEL_FILE = /^channels\/([^/]+)\//;

/**
 * Each channel's files, from the files the model was loaded from: neither listing the repository
 * again (once per channel, that made render quadratic in the size of the consortium) nor reading
 * the ledger files again (the loader keeps their bytes).
 */
function ledgerReaders(repository: RepoReader, model: ConsortiumModel): Map<string, RepoReader> {
  const byChannel = new Map<string, RepoFile[]>();
  for (const file of model.files) {
    const channel = CHANNEL_FILE.exec(file.path)?.[1];
    if (channel === undefined) continue;
    const files = byChannel.get(channel);
    if (files === undefined) byChannel.set(channel, [file]);
    else files.push(file);
  }
  const readers = new Map<string, RepoReader>();
  for (const [channel, files] of byChannel) {
    const entries: RepoEntry[] = files.map((f) => ({ path: f.path, kind: 'file', size: f.size }));
    const byPath = new Map(files.map((f) => [f.path, f]));
    readers.set(channel, {
      description: repository.description,
      listFiles: () => Promise.resolve(entries),
      readFile: (path) => {
        const file = byPath.get(path);
        // Kept by the loader for ledger files within its size limit; anything else from the repository.
        return file?.bytes === undefined ? repository.readFile(path) : Promise.resolve(Buffer.from(file.bytes));
      },
    });
  }
  return readers;
}

export async function readChannelSubmissions(
  repository: RepoReader,
  model: ConsortiumModel,
  now: Date,
): Promise<ChannelUpdateSubmission[]> {
  const readers = ledgerReaders(repository, model);
  const submissions: ChannelUpdateSubmission[] = [];
  for (const channel of model.channels) {
    const reader = readers.get(channel.name);
    if (reader === undefined) continue;
    const files = await loadChannelLedger(reader, channel.name);
    if (files.genesis === undefined || files.problems.length > 0 || files.updates.length === 0) continue;
    // Decoding needs Fabric's protobuf code: loaded for the first channel with updates only.
    const { updateSubmissions } = await import('../render/update-submissions.ts');
    submissions.push(...updateSubmissions({ ...files, genesis: files.genesis }, now));
  }
  return submissions;
}
