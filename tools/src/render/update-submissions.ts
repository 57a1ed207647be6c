// The submissions of a channel's committed updates, decoded from its ledger files: the Fabric
// protobuf and signature code, loaded (commands/channel-submissions.ts) only when a channel has
// committed updates, so a render without any does not pay for it.
import { ledgerConfig } from '../fabric/config/ledger-config.ts';
import { configUpdateEnvelope } from '../fabric/config/update-envelope.ts';
import { verifyConfigSignatures } from '../fabric/signature/verify-config-signatures.ts';
import type { ChannelLedgerFiles } from '../model/load-channel-ledger.ts';
import type { ChannelUpdateSubmission } from './channel-update-jobs.ts';

/**
 * The submissions of a channel's committed updates: each update that applies to the ledger config
 * before it, with the config sequence it brings the ledger to and the orgs whose signatures count
 * (judged as the orderer will, against the MSPs of that config at `now`).
 */
export function updateSubmissions(
  files: ChannelLedgerFiles & { readonly genesis: { readonly bytes: Uint8Array } },
  now: Date,
): ChannelUpdateSubmission[] {
  const ledger = ledgerConfig(files.genesis.bytes, files.updates);
  return ledger.steps.map((step) => {
    const stored = files.updates.find((u) => u.number === step.number);
    if (stored === undefined) throw new Error(`update ${step.number} of ${files.channel} is not stored`);
    const checks = verifyConfigSignatures({
      config: step.before,
      configUpdate: stored.bytes,
      signatures: stored.signatures,
      now,
    });
    return {
      channel: files.channel,
      number: step.number,
      sequence: step.after.sequence,
      envelope: configUpdateEnvelope({
        channelId: step.update.channelId,
        update: stored.bytes,
        signatures: stored.signatures.map((s) => s.bytes),
      }),
      signers: [...new Set(checks.filter((c) => c.counted).map((c) => c.mspId))].sort(),
    };
  });
}
