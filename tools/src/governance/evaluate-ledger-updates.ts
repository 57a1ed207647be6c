// The ledger half of governance. A pull request that carries config updates for a channel
// (channels/<ch>/updates/<NNNN>/) has them judged as the orderer will judge them; their Fabric
// signatures are the member organizations' approvals of that ledger change. Merged updates never
// change, an update whose read set a merged update has moved must be recomputed, and a channel on
// the ledger whose YAML changes without an update cannot be approved: the change would never
// reach the ledger.
import type { ChannelConfig } from '../fabric/config/config-tree.ts';
import { computeUpdate } from '../fabric/config/compute-update.ts';
import { ledgerConfig } from '../fabric/config/ledger-config.ts';
import { verifyChannelUpdate } from '../fabric/signature/verify-channel-update.ts';
import type { ChannelLedgerFiles } from '../model/load-channel-ledger.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { stillToSign, type VerifiedUpdate } from '../fabric/signature/still-to-sign.ts';

export interface LedgerReview {
  readonly channel: string;
  /** The updates this pull request adds, judged in ledger order. */
  readonly updates: readonly VerifiedUpdate[];
  /** Reasons the verdict must be `error`. */
  readonly errors: readonly string[];
}

export function evaluateLedgerUpdates(input: {
  readonly base: ReadonlyMap<string, ChannelLedgerFiles>;
  readonly head: ReadonlyMap<string, ChannelLedgerFiles>;
  readonly headModel: ConsortiumModel;
  readonly now: Date;
  /** The channel config the head's YAML describes; without it the "no update" check is skipped. */
  readonly desiredConfig?: ((model: ConsortiumModel, channel: string) => ChannelConfig) | undefined;
}): LedgerReview[] {
  const channels = [...new Set([...input.base.keys(), ...input.head.keys()])].sort();
  return channels.map((channel) => reviewChannel(channel, input));
}

function reviewChannel(channel: string, input: Parameters<typeof evaluateLedgerUpdates>[0]): LedgerReview {
  const base = input.base.get(channel);
  const head = input.head.get(channel);
  const errors: string[] = [];
  const updates: VerifiedUpdate[] = [];
  if (head === undefined || head.genesis === undefined) {
    if (base?.genesis !== undefined)
      errors.push(`channels/${channel}/genesis.block was removed; a channel's block 0 never changes`);
    return { channel, updates, errors };
  }
  for (const problem of head.problems) errors.push(problem.message);
  const merged = new Map((base?.updates ?? []).map((u) => [u.number, u]));
  for (const [number, update] of merged) {
    const now = head.updates.find((u) => u.number === number);
    if (now === undefined || !Buffer.from(now.bytes).equals(Buffer.from(update.bytes))) {
      errors.push(
        `${update.file} is merged on the base branch and ${now === undefined ? 'missing' : 'different'} here: a merged update never changes. ` +
          `If this pull request's update was written before that one was merged, rebase onto the base branch, run \`consortium channel update ${channel}\` again and collect the signatures anew`,
      );
    }
  }
  const added = head.updates.filter((u) => !merged.has(u.number));
  for (const update of added) {
    const earlier = head.updates.filter((u) => u.number < update.number);
    const before = ledgerConfig(head.genesis.bytes, earlier);
    if (!before.ok) {
      errors.push(
        `update ${update.number} of ${channel} cannot be judged: update ${before.number ?? 'genesis'} does not apply (${before.error})`,
      );
      break;
    }
    const verification = verifyChannelUpdate({
      channel,
      number: update.number,
      before: before.config,
      bytes: update.bytes,
      signatures: update.signatures,
      now: input.now,
    });
    if (verification.error !== undefined) {
      errors.push(
        verification.staleReadSet
          ? `${update.file} was computed against a ledger state that a merged update has since moved (${verification.error}): run \`consortium channel update ${channel}\` again and collect the signatures anew`
          : `${update.file} would be refused by the orderer: ${verification.error}`,
      );
    }
    updates.push({ ...verification, stillToSign: stillToSign(verification, input.headModel) });
  }
  if (
    errors.length === 0 &&
    input.desiredConfig !== undefined &&
    base?.genesis !== undefined &&
    input.headModel.channels.some((c) => c.name === channel)
  ) {
    const ledger = ledgerConfig(head.genesis.bytes, head.updates);
    if (ledger.ok) {
      let desired: ChannelConfig | undefined;
      try {
        desired = input.desiredConfig(input.headModel, channel);
      } catch (error) {
        errors.push(
          `the channel config of ${channel} cannot be built from the head: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (
        desired !== undefined &&
        computeUpdate({ channelId: channel, original: ledger.config, updated: desired }) !== undefined
      ) {
        errors.push(
          `channel ${channel} runs on the ledger, and this change to it is not a config update yet: run \`consortium channel update ${channel}\`, commit the update, and have the admins it names run \`consortium channel sign\``,
        );
      }
    }
  }
  return { channel, updates, errors };
}
