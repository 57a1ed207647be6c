// One update of a channel judged as the orderer will judge it: applied to the ledger config
// before it (stale read set, version rules), its signatures verified against the MSPs of that
// config, and every changed element's mod_policy evaluated with the signers that count.
import type { ChannelConfig } from '../config/config-tree.ts';
import { decodeConfigUpdate } from '../config/config-update.ts';
import { applyUpdate } from '../config/apply-update.ts';
import { authorizeDelta, type PolicyRequirement } from '../config/authorize-delta.ts';
import { verifyConfigSignatures, type SignatureCheck } from './verify-config-signatures.ts';

export interface UpdateVerification {
  readonly channel: string;
  readonly update: string;
  readonly satisfied: boolean;
  /** Why the update cannot be applied at all (then nothing is satisfied), e.g. a stale read set. */
  readonly error?: string;
  readonly staleReadSet: boolean;
  readonly signatures: readonly SignatureCheck[];
  readonly policies: readonly PolicyRequirement[];
  /** The changed elements, "/Channel/Application/Org4MSP" (new ones included). */
  readonly changes: readonly { readonly path: string; readonly kind: string; readonly added: boolean }[];
}

export function verifyChannelUpdate(options: {
  readonly channel: string;
  readonly number: string;
  /** The ledger config before this update. */
  readonly before: ChannelConfig;
  readonly bytes: Uint8Array;
  readonly signatures: readonly { readonly file: string; readonly bytes: Uint8Array }[];
  readonly now: Date;
}): UpdateVerification {
  const base = { channel: options.channel, update: options.number };
  const decoded = decodeConfigUpdate(options.bytes);
  const applied = decoded.ok
    ? applyUpdate({ channelId: options.channel, config: options.before, update: decoded.value })
    : ({ ok: false, error: decoded.error, staleReadSet: false } as const);
  const signatures = verifyConfigSignatures({
    config: options.before,
    configUpdate: options.bytes,
    signatures: options.signatures,
    now: options.now,
  });
  if (!applied.ok) {
    return {
      ...base,
      satisfied: false,
      error: applied.error,
      staleReadSet: applied.staleReadSet,
      signatures,
      policies: [],
      changes: [],
    };
  }
  const signers = signatures.flatMap((s) => (s.signer === undefined ? [] : [s.signer]));
  const { satisfied, policies } = authorizeDelta({ config: options.before, delta: applied.delta, signers });
  return {
    ...base,
    satisfied,
    staleReadSet: false,
    signatures,
    policies,
    changes: applied.delta.map((d) => ({ path: d.path, kind: d.kind, added: d.existing === undefined })),
  };
}
