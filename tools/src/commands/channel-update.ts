// `consortium channel update <ch>`: the config updates that take the channel's ledger config to
// the config the repository describes, written as the next updates/<NNNN>/update.pb (more than
// one when etcdraft needs consenter changes one at a time), with what each changes and whose
// signatures it needs. Pure apart from reading through the RepoReader: the CLI writes the files.
import type { RepoReader } from '../adapters/repo-reader.ts';
import { FindingsError } from '../errors.ts';
import type { ConsortiumModel } from '../model/types.ts';
import type { ChannelConfig } from '../fabric/config/config-tree.ts';
import { computeUpdate } from '../fabric/config/compute-update.ts';
import { encodeConfigUpdate } from '../fabric/config/config-update.ts';
import { applyUpdate } from '../fabric/config/apply-update.ts';
import { authorizeDelta, type PolicyRequirement } from '../fabric/config/authorize-delta.ts';
import { ledgerConfig } from '../fabric/config/ledger-config.ts';
import { splitConsenterChanges } from '../fabric/config/split-consenter-changes.ts';
import { updateFile } from '../model/load-channel-ledger.ts';
import { readChannelLedger } from './channel-ledger.ts';

export interface PlannedUpdate {
  readonly number: string;
  /** Repository-relative path of update.pb. */
  readonly file: string;
  readonly bytes: Uint8Array;
  readonly changes: readonly { readonly path: string; readonly added: boolean }[];
  /** Each policy the update must satisfy, evaluated with no signatures yet. */
  readonly policies: readonly PolicyRequirement[];
}

export interface ChannelUpdatePlan {
  readonly channel: string;
  /** Empty when the ledger config already is the desired one. */
  readonly updates: readonly PlannedUpdate[];
  /** Update folders to delete first: a newest update that no longer applies (stale read set). */
  readonly replaced: readonly string[];
}

export async function planChannelUpdate(options: {
  readonly reader: RepoReader;
  readonly model: ConsortiumModel;
  readonly channel: string;
  /** The channel config the repository describes (genesis-compatible builder). */
  readonly desiredConfig: (model: ConsortiumModel, channel: string) => ChannelConfig;
}): Promise<ChannelUpdatePlan> {
  const { channel } = options;
  if (!options.model.channels.some((c) => c.name === channel)) {
    throw new FindingsError(
      `no channel "${channel}" in channels/ (the desired config comes from channels/${channel}/channel.yaml)`,
    );
  }
  const files = await readChannelLedger(options.reader, channel);
  let ledger = ledgerConfig(files.genesis.bytes, files.updates);
  const replaced: string[] = [];
  const newest = files.updates[files.updates.length - 1];
  if (!ledger.ok && ledger.staleReadSet && newest !== undefined && ledger.number === newest.number) {
    // The newest update was computed against a ledger state a merged update has since moved:
    // it is recomputed, and its signatures (now worthless) go with it.
    replaced.push(`channels/${channel}/updates/${newest.number}`);
    ledger = ledgerConfig(files.genesis.bytes, files.updates.slice(0, -1));
  }
  if (!ledger.ok) {
    throw new FindingsError(
      `${ledger.number === undefined ? 'genesis.block' : `update ${ledger.number}`} of channel ${channel} does not apply: ${ledger.error}`,
    );
  }
  const desired = options.desiredConfig(options.model, channel);
  let current = ledger.config;
  let next = files.updates.length - replaced.length + 1;
  const updates: PlannedUpdate[] = [];
  for (const target of splitConsenterChanges(current, desired)) {
    const update = computeUpdate({ channelId: channel, original: current, updated: target });
    if (update === undefined) continue;
    const bytes = encodeConfigUpdate(update);
    const applied = applyUpdate({ channelId: channel, config: current, update });
    if (!applied.ok)
      throw new FindingsError(`the computed update for ${channel} would be refused by the orderer: ${applied.error}`);
    const number = String(next++).padStart(4, '0');
    updates.push({
      number,
      file: updateFile(channel, number),
      bytes,
      changes: applied.delta.map((d) => ({ path: d.path, added: d.existing === undefined })),
      policies: authorizeDelta({ config: current, delta: applied.delta, signers: [] }).policies,
    });
    current = applied.config;
  }
  return { channel, updates, replaced };
}

/** "needs 2 of: Org1MSP, Org2MSP, Org3MSP admins (/Channel/Application/Admins)" per policy. */
export function describeUpdatePlan(plan: ChannelUpdatePlan, model: ConsortiumModel): string[] {
  const lines: string[] = [];
  if (plan.updates.length === 0) {
    lines.push(`Channel ${plan.channel}: the ledger config already matches the repository; no update to write.`);
    return lines;
  }
  for (const path of plan.replaced)
    lines.push(`Replaced ${path}: it no longer applies to the ledger (a merged update moved it).`);
  if (plan.updates.length > 1) {
    lines.push(
      `etcdraft changes one consenter per update, so this change is ${plan.updates.length} updates, submitted in order.`,
    );
  }
  const orgOf = (mspId: string): string => model.orgs.find((o) => o.mspId === mspId)?.id ?? `<org of ${mspId}>`;
  for (const update of plan.updates) {
    lines.push(`Update ${update.number} (${update.file}):`);
    for (const change of update.changes) lines.push(`  ${change.added ? 'adds    ' : 'modifies'} ${change.path}`);
    for (const policy of update.policies) lines.push(`  ${policy.path} (${policy.policy}) ${policy.missing}`);
    const signers = [...new Set(update.policies.flatMap((p) => p.candidates))].sort();
    for (const mspId of signers) {
      lines.push(
        `  consortium channel sign ${plan.channel} --org ${orgOf(mspId)} --update ${update.number}   (an admin of ${mspId})`,
      );
    }
  }
  return lines;
}
