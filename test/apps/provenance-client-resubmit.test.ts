// The client submits a transaction again only when Fabric invalidated it for a conflict that a
// fresh endorsement fixes (the chaincode upgrade's commit block, a concurrent write), never after a
// refusal by the chaincode or an endorsement policy failure. Fake proposals stand in for the
// Gateway here; test/fabric-network/chaincode-upgrade.fabric.test.ts runs it against real peers.
import { EndorseError, StatusCode, type Proposal } from '@hyperledger/fabric-gateway';
import { Metadata } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  isConflictCode,
  isDefinitionChange,
  isNoEndorsers,
  submitResubmitting,
  type Resubmission,
} from '../../apps/provenance-client/resubmit.ts';

type Outcome = number | Error;

/** Proposals whose endorsement or commit ends as `outcomes` say, one per proposal. */
function proposals(outcomes: Outcome[]): { next: () => Proposal; made: () => number } {
  let made = 0;
  return {
    made: () => made,
    next: () => {
      const outcome = outcomes[made] ?? StatusCode.VALID;
      const txId = `tx${String(made++)}`;
      return {
        endorse: () =>
          outcome instanceof Error
            ? Promise.reject(outcome)
            : Promise.resolve({
                submit: () =>
                  Promise.resolve({
                    getStatus: () =>
                      Promise.resolve({
                        successful: outcome === StatusCode.VALID,
                        code: outcome,
                        transactionId: txId,
                        blockNumber: 1n,
                      }),
                  }),
              }),
      } as unknown as Proposal;
    },
  };
}

const definitionChanged = () =>
  new EndorseError({
    code: 10,
    message: 'failed to endorse transaction, see attached details for more info',
    details: [
      {
        address: 'peer0:7051',
        mspId: 'AcmeManufacturingMSP',
        message:
          "chaincode cache at sequence 1 but current sequence is 2, chaincode definition for 'provenance' changed during invoke",
      },
    ],
    transactionId: 'tx',
    cause: Object.assign(new Error('10 ABORTED: failed to endorse transaction'), {
      code: 10,
      details: 'failed to endorse transaction',
      metadata: new Metadata(),
    }),
  });

const noEndorsers = () =>
  new EndorseError({
    code: 9,
    message:
      '9 FAILED_PRECONDITION: no combination of peers can be derived which satisfy the endorsement policy: required chaincodes are not installed on sufficient peers',
    details: [],
    transactionId: 'tx',
    cause: Object.assign(new Error('9 FAILED_PRECONDITION'), { code: 9, details: '', metadata: new Metadata() }),
  });

describe('submitResubmitting', () => {
  it('tries again a moment later while the Gateway finds no endorsers (gossip after a definition change)', async () => {
    const p = proposals([noEndorsers(), noEndorsers(), StatusCode.VALID]);
    const started = Date.now();
    const txId = await submitResubmitting(p.next, { what: 'hand-over', waitMs: 50 });
    expect(txId).toBe('tx2');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('submits again after MVCC_READ_CONFLICT and a definition change, and resolves with the committed transaction', async () => {
    const p = proposals([StatusCode.MVCC_READ_CONFLICT, definitionChanged(), StatusCode.VALID]);
    const seen: Resubmission[] = [];
    const txId = await submitResubmitting(p.next, { what: 'hand-over', onResubmit: (r) => seen.push(r) });
    expect(txId).toBe('tx2');
    expect(seen.map((r) => r.attempt)).toEqual([1, 2]);
    expect(seen[0]?.reason).toBe('transaction tx0 is 11');
    expect(seen[1]?.reason).toContain('failed to endorse');
  });

  it('does not submit again after other failures, or past its attempts', async () => {
    const policy = proposals([StatusCode.ENDORSEMENT_POLICY_FAILURE]);
    await expect(submitResubmitting(policy.next, { what: 'hand-over' })).rejects.toThrow(
      'hand-over was not committed: transaction tx0 is 10',
    );
    expect(policy.made()).toBe(1);
    const refused = proposals([new Error('shipment SHP-1 is held by "b", not "a"')]);
    await expect(submitResubmitting(refused.next, { what: 'hand-over' })).rejects.toThrow('is held by');
    expect(refused.made()).toBe(1);
    const conflicts = proposals(Array<Outcome>(5).fill(StatusCode.MVCC_READ_CONFLICT));
    await expect(submitResubmitting(conflicts.next, { what: 'hand-over', attempts: 3 })).rejects.toThrow(
      'transaction tx2 is 11',
    );
    expect(conflicts.made()).toBe(3);
  });

  it('classifies Fabric validation codes and endorsement errors', () => {
    expect(isConflictCode(StatusCode.MVCC_READ_CONFLICT)).toBe(true);
    expect(isConflictCode(StatusCode.PHANTOM_READ_CONFLICT)).toBe(true);
    expect(isConflictCode(StatusCode.ENDORSEMENT_POLICY_FAILURE)).toBe(false);
    expect(isDefinitionChange(definitionChanged())).toBe(true);
    expect(isDefinitionChange(new Error("chaincode definition for 'x' changed during invoke"))).toBe(false);
    expect(isNoEndorsers(noEndorsers())).toBe(true);
    expect(isNoEndorsers(definitionChanged())).toBe(false);
  });
});
