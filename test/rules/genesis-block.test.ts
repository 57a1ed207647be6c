import { common } from '@hyperledger/fabric-protos';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel, RepoFile } from '../../tools/src/model/types.ts';
import { checkGenesisBlock } from '../../tools/src/rules/genesis-block.ts';
import { loadExampleModel } from '../render/support/render-fixtures.ts';
import { runRule } from '../support/rule-harness.ts';

let example: ConsortiumModel;
beforeAll(async () => {
  example = await loadExampleModel();
});

const blockOf = (model: ConsortiumModel, channel: string): Uint8Array => {
  const bytes = model.files.find((f) => f.path === `channels/${channel}/genesis.block`)?.bytes;
  if (bytes === undefined) throw new Error(`the example has no genesis.block for ${channel}`);
  return bytes;
};

/** The example with channels/<channel>/genesis.block replaced (or removed when bytes is undefined). */
function withGenesis(channel: string, bytes: Uint8Array | undefined): ConsortiumModel {
  const path = `channels/${channel}/genesis.block`;
  const files: RepoFile[] = example.files.filter((f) => f.path !== path);
  if (bytes !== undefined) files.push({ path, size: bytes.length, text: undefined, bytes });
  return { ...example, files };
}

describe('genesis-block', () => {
  it("accepts the example's committed blocks", () => {
    expect(runRule(checkGenesisBlock, example)).toEqual([]);
  });

  it('warns about a channel without block 0, at its channel.yaml', () => {
    expect(runRule(checkGenesisBlock, withGenesis('recalls', undefined))).toMatchObject([
      {
        rule: 'genesis-block',
        severity: 'warning',
        file: 'channels/recalls/channel.yaml',
        message: expect.stringMatching(/no block 0/) as string,
      },
    ]);
  });

  it('reports a file that is not a config block', () => {
    const found = runRule(checkGenesisBlock, withGenesis('recalls', new TextEncoder().encode('not a block\n')));
    expect(found).toMatchObject([{ severity: 'error', file: 'channels/recalls/genesis.block' }]);
    expect(found[0]?.message).toMatch(/is not a Fabric config block/);
  });

  it("reports another channel's block in this channel's folder", () => {
    const found = runRule(checkGenesisBlock, withGenesis('recalls', blockOf(example, 'traceability')));
    expect(found).toMatchObject([{ severity: 'error', file: 'channels/recalls/genesis.block' }]);
    expect(found[0]?.message).toMatch(/block of channel "traceability", not of "recalls"/);
  });

  it('warns that a later config block cannot be joined by peers', () => {
    const block = common.Block.deserializeBinary(blockOf(example, 'recalls'));
    block.getHeader()?.setNumber(12);
    const found = runRule(checkGenesisBlock, withGenesis('recalls', block.serializeBinary()));
    expect(found).toMatchObject([{ severity: 'warning', file: 'channels/recalls/genesis.block' }]);
    expect(found[0]?.message).toMatch(/config block 12 .* not block 0/);
  });
});
