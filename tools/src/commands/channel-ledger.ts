// What the channel commands (update, sign, verify) share: the channel's committed ledger files
// and the ledger config before a given update.
import type { RepoReader } from '../adapters/repo-reader.ts';
import { FindingsError, UsageError } from '../errors.ts';
import type { ChannelConfig } from '../fabric/config/config-tree.ts';
import { ledgerConfig } from '../fabric/config/ledger-config.ts';
import {
  genesisFile,
  loadChannelLedger,
  type ChannelLedgerFiles,
  type StoredUpdate,
} from '../model/load-channel-ledger.ts';

export async function readChannelLedger(
  reader: RepoReader,
  channel: string,
): Promise<ChannelLedgerFiles & { genesis: { file: string; bytes: Uint8Array } }> {
  if (!/^[a-z][a-z0-9.-]*$/.test(channel))
    throw new UsageError(`"${channel}" is not a channel name (^[a-z][a-z0-9.-]*$)`);
  const files = await loadChannelLedger(reader, channel);
  if (files.genesis === undefined) {
    throw new FindingsError(
      `channel ${channel} has no ${genesisFile(channel)}: the channel is not on a ledger yet. ` +
        `Create its block 0 with \`consortium channel propose\` (or \`consortium channel import ${channel} --block FILE\` for a running channel).`,
    );
  }
  const problem = files.problems[0];
  if (problem !== undefined) throw new FindingsError(`${problem.message}`);
  return { ...files, genesis: files.genesis };
}

/** "1", "01", "0001" -> "0001"; undefined -> the newest update. */
export function pickUpdate(files: ChannelLedgerFiles, requested: string | undefined): StoredUpdate {
  if (files.updates.length === 0) {
    throw new FindingsError(
      `channel ${files.channel} has no updates (channels/${files.channel}/updates/ is empty): nothing to sign or verify`,
    );
  }
  if (requested === undefined) return files.updates[files.updates.length - 1] as StoredUpdate;
  if (!/^\d{1,4}$/.test(requested))
    throw new UsageError(`--update must be an update number such as 0001 (got "${requested}")`);
  const number = requested.padStart(4, '0');
  const found = files.updates.find((u) => u.number === number);
  if (found === undefined) {
    throw new UsageError(
      `channel ${files.channel} has no update ${number} (it has ${files.updates.map((u) => u.number).join(', ')})`,
    );
  }
  return found;
}

export type ConfigBefore =
  { readonly ok: true; readonly config: ChannelConfig } | { readonly ok: false; readonly error: string };

/** The ledger config the update numbered `number` applies to: block 0 and every update before it. */
export function configBefore(
  files: ChannelLedgerFiles & { genesis: { bytes: Uint8Array } },
  number: string,
): ConfigBefore {
  const earlier = files.updates.filter((u) => u.number < number);
  const ledger = ledgerConfig(files.genesis.bytes, earlier);
  if (ledger.ok) return { ok: true, config: ledger.config };
  const where = ledger.number === undefined ? 'genesis.block' : `update ${ledger.number}`;
  return { ok: false, error: `${where} does not apply: ${ledger.error}` };
}
