// After a pull request with a channel update is merged, the members submit it to the ordering
// service: a content-named ConfigMap with the envelope (the committed update and its collected
// signatures, update-submissions.ts) and a Job running submitUpdateScript() with the
// member's admin identity. Any of them may win; the others find the update on the ledger.
//
// Only members whose org signed the update render the Job: `peer channel update` adds the
// submitting admin's own signature to the update before sending it, and a member that did not
// sign must not approve the change by submitting it. For a signer's Job the added signature is
// one more from an org that already signed, which no org-level policy counts twice.
import { toDnsLabel } from '../model/resource-names.ts';
import { hashedName } from './content-hash.ts';
import { metaFor, type MemberContext } from './context.ts';
import { adminPeerEnv, renderJob, TLS_ROOTS_DIR } from './jobs.ts';
import { sharedBy } from './shared-value.ts';
import { submitUpdateScript } from './ledger-scripts.ts';
import { ordererTarget } from './orderer-target.ts';
import { peerAddress } from './peer.ts';
import type { JsonObject, KubeObject } from './types.ts';

export interface ChannelUpdateSubmission {
  readonly channel: string;
  /** The update's folder name under channels/<ch>/updates/, e.g. "0001". */
  readonly number: string;
  /** The config sequence the ledger reaches with this update; it applies to sequence - 1. */
  readonly sequence: number;
  /** configUpdateEnvelope() of the committed update.pb and signatures/*.sig. */
  readonly envelope: Uint8Array;
  /** MSP IDs of the orgs whose signatures on the update are valid (counted by verification). */
  readonly signers: readonly string[];
}

const ENVELOPE_DIR = '/var/hyperledger/update';
/** How long a submission or join Job waits for the ledger before it gives up (and says so). */
export const LEDGER_WAIT_SECONDS = 6 * 60 * 60;
export const LEDGER_POLL_SECONDS = 10;

const ledgerScriptEnvs = new Map<string, JsonObject[]>();
/**
 * Environment every ledger-reading Job script needs (ledger-scripts.ts): the same entries in every
 * Job of a member for the channel (shared-value.ts).
 */
export function ledgerScriptEnv(ctx: MemberContext, channel: string): readonly JsonObject[] {
  const target = ordererTarget(ctx);
  return sharedBy(ledgerScriptEnvs, `${channel} ${target.address} ${target.orgId}`, () => [
    { name: 'CHANNEL', value: channel },
    { name: 'ORDERER_ADDRESS', value: target.address },
    { name: 'ORDERER_TLS_CA', value: `${TLS_ROOTS_DIR}/${target.orgId}.pem` },
    { name: 'WORK_DIR', value: '/work' },
    { name: 'DEADLINE_SECONDS', value: String(LEDGER_WAIT_SECONDS) },
    { name: 'POLL_SECONDS', value: String(LEDGER_POLL_SECONDS) },
  ]);
}

export function renderUpdateSubmission(ctx: MemberContext, update: ChannelUpdateSubmission): KubeObject[] {
  const peer = ctx.org.peers[0];
  if (!update.signers.includes(ctx.org.mspId) || peer === undefined) return [];
  const base = `${toDnsLabel(update.channel)}-update-${update.number}`;
  const envelope = Buffer.from(update.envelope).toString('base64');
  const configMapName = hashedName(base, envelope);
  const configMap: KubeObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metaFor(ctx, {
      objectName: configMapName,
      name: 'fabric-channel-update',
      instance: base,
      component: 'channel-update',
      channel: update.channel,
    }),
    binaryData: { 'envelope.pb': envelope },
  };
  const job = renderJob(ctx, {
    base: `${base}-submit`,
    component: 'channel-update',
    channel: update.channel,
    script: submitUpdateScript(),
    env: [
      ...ledgerScriptEnv(ctx, update.channel),
      { name: 'UPDATE', value: update.number },
      { name: 'SEQUENCE', value: String(update.sequence) },
      { name: 'ENVELOPE', value: `${ENVELOPE_DIR}/envelope.pb` },
      ...adminPeerEnv(ctx, peerAddress(ctx, peer)),
    ],
    extraVolumes: [{ name: 'update', configMap: { name: configMapName } }],
    extraMounts: [{ name: 'update', mountPath: ENVELOPE_DIR, readOnly: true }],
    // The script waits and retries itself; a failure is final and says why.
    backoffLimit: 0,
  });
  return [configMap, job];
}
