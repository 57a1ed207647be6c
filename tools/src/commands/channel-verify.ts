// `consortium channel verify <ch> [--update NNNN]`: one committed update judged as the orderer
// will judge it (see fabric/signature/verify-channel-update.ts), plus who still has to sign.
import type { RepoReader } from '../adapters/repo-reader.ts';
import type { ConsortiumModel } from '../model/types.ts';
import { verifyChannelUpdate } from '../fabric/signature/verify-channel-update.ts';
import { stillToSign, type VerifiedUpdate } from '../fabric/signature/still-to-sign.ts';
import { configBefore, pickUpdate, readChannelLedger } from './channel-ledger.ts';

/** MSPs whose admins could still sign towards an unsatisfied policy come with their org ids. */
export type ChannelVerifyResult = VerifiedUpdate;

export async function verifyChannel(options: {
  readonly reader: RepoReader;
  readonly channel: string;
  readonly update?: string | undefined;
  readonly now: Date;
  /** For org ids in messages; optional. */
  readonly model?: ConsortiumModel | undefined;
}): Promise<ChannelVerifyResult> {
  const files = await readChannelLedger(options.reader, options.channel);
  const update = pickUpdate(files, options.update);
  const before = configBefore(files, update.number);
  if (!before.ok) {
    return {
      channel: options.channel,
      update: update.number,
      satisfied: false,
      error: before.error,
      staleReadSet: false,
      signatures: [],
      policies: [],
      changes: [],
      stillToSign: [],
    };
  }
  const verification = verifyChannelUpdate({
    channel: options.channel,
    number: update.number,
    before: before.config,
    bytes: update.bytes,
    signatures: update.signatures,
    now: options.now,
  });
  return { ...verification, stillToSign: stillToSign(verification, options.model) };
}

/** The JSON DESIGN.md fixes, with `error` and `changes` added. */
export function verifyJson(result: ChannelVerifyResult): Record<string, unknown> {
  return {
    channel: result.channel,
    update: result.update,
    satisfied: result.satisfied,
    ...(result.error === undefined ? {} : { error: result.error, staleReadSet: result.staleReadSet }),
    signatures: result.signatures.map((s) => ({
      file: s.file,
      mspId: s.mspId,
      valid: s.valid,
      counted: s.counted,
      reason: s.reason,
    })),
    policies: result.policies.map((p) => ({
      path: p.path,
      policy: p.policy,
      satisfied: p.satisfied,
      missing: p.missing,
      elements: p.elements,
    })),
    changes: result.changes,
    stillToSign: result.stillToSign,
  };
}

export function formatVerifyText(result: ChannelVerifyResult): string {
  const lines = [
    `Channel ${result.channel}, update ${result.update}: ${result.satisfied ? 'satisfied' : 'NOT satisfied'}`,
  ];
  if (result.error !== undefined) {
    lines.push(`  ${result.error}`);
    if (result.staleReadSet) {
      lines.push(
        `  The ledger moved since this update was computed: run \`consortium channel update ${result.channel}\` again and collect the signatures anew.`,
      );
    }
  }
  if (result.changes.length > 0) {
    lines.push('Changes:');
    for (const c of result.changes) lines.push(`  ${c.added ? 'added   ' : 'modified'} ${c.path}`);
  }
  lines.push(result.signatures.length === 0 ? 'Signatures: none' : 'Signatures:');
  for (const s of result.signatures) {
    lines.push(
      `  ${s.counted ? 'counted ' : s.valid ? 'ignored ' : 'invalid '} ${s.file}  ${s.mspId || '?'}: ${s.reason}`,
    );
  }
  if (result.policies.length > 0) lines.push('Policies:');
  for (const p of result.policies) {
    lines.push(
      `  ${p.satisfied ? 'satisfied' : 'pending  '} ${p.path} (${p.policy})${p.satisfied ? '' : `: ${p.missing}`}`,
    );
  }
  if (result.stillToSign.length > 0) {
    lines.push('Still to sign (an admin of one of these runs the command with their own key):');
    for (const { mspId, org } of result.stillToSign) {
      lines.push(
        `  consortium channel sign ${result.channel} --org ${org ?? `<org of ${mspId}>`} --update ${result.update}   (${mspId})`,
      );
    }
  }
  return lines.join('\n');
}
