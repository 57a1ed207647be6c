// Block 0 of a channel is written once: changing or deleting the genesis.block the base branch
// holds is an error whatever the reviews say; adding block 0 for a channel the base describes is a
// governed channel change; a new channel's block is part of its creation.
import { afterEach, describe, expect, it } from 'vitest';
import { approve, createScenario, exampleAdmins, exampleLedgerFiles, type Scenario } from './support/scenario.ts';

let s: Scenario | undefined;
afterEach(() => s?.remove());

const example = exampleLedgerFiles();
const recallsBlock = example['channels/recalls/genesis.block'];
const traceabilityBlock = example['channels/traceability/genesis.block'];
const everyAdmin = Object.values(exampleAdmins()).flat();
const summary = (result: { changes: readonly { kind: string; subject: string; summary: string }[] }) =>
  result.changes.map((c) => `${c.kind} ${c.subject}: ${c.summary}`);

describe('governance of genesis.block', () => {
  it('the example commits a block 0 for each channel', () => {
    expect(Buffer.isBuffer(recallsBlock)).toBe(true);
    expect(Buffer.isBuffer(traceabilityBlock)).toBe(true);
  });

  it('replacing the block 0 the base branch holds is an error, even with every admin approving', async () => {
    s = createScenario();
    const head = s.push({ 'channels/recalls/genesis.block': traceabilityBlock ?? null });
    const result = await s.judge({ head, reviews: approve(everyAdmin, head) });
    expect(result.verdict).toBe('error');
    expect(summary(result)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^error channels\/recalls\/genesis\.block: changes block 0 of channel recalls.*never changes/,
        ),
      ]),
    );
  });

  it('deleting it is an error too', async () => {
    s = createScenario();
    const head = s.push({ 'channels/traceability/genesis.block': null });
    const result = await s.judge({ head, reviews: approve(everyAdmin, head) });
    expect(result.verdict).toBe('error');
    expect(summary(result).join('\n')).toMatch(/deletes block 0 of channel traceability/);
  });

  it("adding block 0 for a channel the base describes is decided by that channel's Admins", async () => {
    s = createScenario({ 'channels/recalls/genesis.block': null });
    const head = s.push({ 'channels/recalls/genesis.block': recallsBlock ?? null });
    const result = await s.judge({ head });
    expect(result.verdict).toBe('pending');
    expect(summary(result)).toEqual([
      expect.stringMatching(/^channel\.policy\.update recalls: adds block 0 of channel recalls/),
    ]);
  });
});
