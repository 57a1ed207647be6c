// Submitting a transaction again when Fabric invalidated it for a reason that a fresh endorsement
// fixes. Every invocation reads the chaincode definition's sequence from the _lifecycle namespace
// (it is in the transaction's read set), so a transaction endorsed just before a chaincode
// upgrade's commit and ordered after it is invalidated as MVCC_READ_CONFLICT, and one simulated
// while the peer applies the commit is refused with "chaincode definition ... changed during
// invoke". The same holds for two transactions that touch one key. An invalidated transaction
// wrote nothing, so endorsing and submitting it again (under a new transaction ID) is safe; the
// client sees one committed transaction, never the conflict.
//
// Right after a definition is committed, the Gateway may also find no endorsers for a few seconds:
// each peer advertises the chaincodes it can run for the committed definition through gossip, and
// the other peers learn the new one with their next alive messages. Nothing was endorsed or
// submitted then, so the proposal is simply tried again a moment later.
import { EndorseError, StatusCode, type Proposal } from '@hyperledger/fabric-gateway';

// Fabric: core/chaincode/lifecycle/endorsement_info.go CachedChaincodeInfo
const DEFINITION_CHANGED = /chaincode definition for '[^']*' changed during invoke/;
// Fabric: internal/pkg/gateway/registry.go endorsementPlan
const NO_ENDORSERS = /no combination of peers can be derived which satisfy the endorsement policy/;

/** Validation codes after which the same proposal, endorsed again, can commit. */
export function isConflictCode(code: number): boolean {
  return code === StatusCode.MVCC_READ_CONFLICT || code === StatusCode.PHANTOM_READ_CONFLICT;
}

/** An endorsement refused only because the chaincode definition changed while it ran. */
export function isDefinitionChange(error: unknown): boolean {
  if (!(error instanceof EndorseError)) return false;
  return [error.message, ...error.details.map((d) => d.message)].some((m) => DEFINITION_CHANGED.test(m));
}

/** The Gateway found no peers to endorse (yet): nothing was endorsed or submitted. */
export function isNoEndorsers(error: unknown): boolean {
  return error instanceof EndorseError && NO_ENDORSERS.test(error.message);
}

export interface Resubmission {
  /** Which attempt (1 for the first resubmission) and why the one before did not commit. */
  readonly attempt: number;
  readonly reason: string;
}

/**
 * Endorses, submits and waits for the commit of `newProposal()`, again (a new proposal, so a new
 * transaction ID) after a conflict, up to `attempts` times, or `waitMs` later when the Gateway
 * finds no endorsers. Resolves with the committed transaction's ID; throws what Fabric said for
 * any other failure or once the attempts are spent.
 */
export async function submitResubmitting(
  newProposal: () => Proposal,
  options: {
    readonly what: string;
    readonly attempts?: number;
    readonly waitMs?: number;
    readonly onResubmit?: (r: Resubmission) => void;
  },
): Promise<string> {
  const attempts = options.attempts ?? 20;
  for (let attempt = 1; ; attempt++) {
    let reason: string;
    let waitMs = 0;
    try {
      const commit = await (await newProposal().endorse()).submit();
      const status = await commit.getStatus();
      if (status.successful) return status.transactionId;
      if (!isConflictCode(status.code) || attempt >= attempts)
        throw new Error(
          `${options.what} was not committed: transaction ${status.transactionId} is ${String(status.code)}`,
        );
      reason = `transaction ${status.transactionId} is ${String(status.code)}`;
    } catch (error) {
      const noEndorsers = isNoEndorsers(error);
      if ((!noEndorsers && !isDefinitionChange(error)) || attempt >= attempts) throw error;
      reason = (error as Error).message;
      if (noEndorsers) waitMs = options.waitMs ?? 1_000;
    }
    options.onResubmit?.({ attempt, reason });
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}
