// Who still has to sign an update: the MSPs named by its unsatisfied policies whose admins have
// not signed yet, with the org id the repository gives each (for the `channel sign` command line).
import type { ConsortiumModel } from '../../model/types.ts';
import type { UpdateVerification } from './verify-channel-update.ts';

export interface VerifiedUpdate extends UpdateVerification {
  readonly stillToSign: readonly { readonly mspId: string; readonly org: string | undefined }[];
}

export function stillToSign(
  verification: UpdateVerification,
  model: ConsortiumModel | undefined,
): { mspId: string; org: string | undefined }[] {
  if (verification.satisfied || verification.error !== undefined) return [];
  const signed = new Set(
    verification.signatures.filter((s) => s.counted && s.signer?.role === 'admin').map((s) => s.mspId),
  );
  const candidates = new Set(verification.policies.filter((p) => !p.satisfied).flatMap((p) => p.candidates));
  return [...candidates]
    .filter((mspId) => !signed.has(mspId))
    .sort()
    .map((mspId) => ({ mspId, org: model?.orgs.find((o) => o.mspId === mspId)?.id }));
}
