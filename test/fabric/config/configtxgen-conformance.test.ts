// Conformance: for every case of the shared table, Fabric's own configtxgen, run on the configtx.yaml
// and MSP folders the toolkit renders, builds the same channel configuration as the toolkit's
// buildChannelConfig. Both genesis blocks are decoded and every value and policy compared field by
// field (Go writes protobuf maps in random order, so raw bytes are never compared; header
// timestamps and nonces differ by design).
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelConfig } from '../../../tools/src/fabric/config/build-channel-config.ts';
import { decodeConfigBlock } from '../../../tools/src/fabric/config/config-block.ts';
import { decodeConfig } from '../../../tools/src/fabric/config/decode-config-values.ts';
import type { ConsortiumModel } from '../../../tools/src/model/types.ts';
import { renderConfigtx } from '../../../tools/src/render/configtx.ts';
import { buildConsortiumContext } from '../../../tools/src/render/context.ts';
import { configtxgenPath, HOW_TO_BUILD_FABRIC_TOOLS } from '../../support/fabric-tools.ts';
import { requireFile } from '../../support/requirements.ts';
import { loadExampleModel } from '../../render/support/render-fixtures.ts';
import { channelConfigCases } from './support/channel-config-cases.ts';

const run = promisify(execFile);
const requirement = requireFile(
  "fabric: configtxgen builds the toolkit's channel configurations",
  configtxgenPath,
  HOW_TO_BUILD_FABRIC_TOOLS,
);

/** The channel's configtx.yaml and MSP folders as render writes them, in `dir`. */
async function writeConfigtx(model: ConsortiumModel, channel: string, dir: string): Promise<void> {
  if (model.consortium === undefined) throw new Error('model without consortium');
  // What `consortium render --configtx DIR` writes for the channel.
  const prefix = `${channel}/`;
  const files = renderConfigtx(buildConsortiumContext(model, model.consortium)).filter((f) =>
    f.path.startsWith(prefix),
  );
  expect(files.some((f) => f.path === `${prefix}configtx.yaml`)).toBe(true);
  for (const file of files) {
    const path = join(dir, file.path.slice(prefix.length));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
}

describe.skipIf(!requirement.available)("configtxgen conformance: Fabric's configtxgen builds the same Config", () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'configtxgen-conformance-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  async function configtxgenBlock(model: ConsortiumModel, channel: string, dir: string) {
    await writeConfigtx(model, channel, dir);
    const block = join(dir, 'genesis.block');
    await run(configtxgenPath, ['-profile', channel, '-channelID', channel, '-outputBlock', block], {
      env: { ...process.env, FABRIC_CFG_PATH: dir },
    });
    return decodeConfigBlock(new Uint8Array(await readFile(block)));
  }

  it.each(['traceability', 'recalls'])("agrees with the example's committed block 0 of %s", async (channel) => {
    const model = await loadExampleModel();
    const committed = model.files.find((f) => f.path === `channels/${channel}/genesis.block`)?.bytes;
    expect(committed).toBeDefined();
    const ours = decodeConfigBlock(committed ?? new Uint8Array());
    const fabric = await configtxgenBlock(model, channel, join(work, `committed-${channel}`));
    expect(ours.channelId).toBe(channel);
    expect(ours.blockNumber).toBe(0);
    expect(decodeConfig(ours.config)).toEqual(decodeConfig(fabric.config));
  });

  channelConfigCases.forEach((testCase, index) => {
    it(testCase.name, async () => {
      const model = await testCase.model();
      const fabric = await configtxgenBlock(model, testCase.channel, join(work, String(index)));
      expect(fabric.channelId).toBe(testCase.channel);
      expect(fabric.blockNumber).toBe(0);
      expect(decodeConfig(buildChannelConfig(model, testCase.channel))).toEqual(decodeConfig(fabric.config));
    });
  });
});
