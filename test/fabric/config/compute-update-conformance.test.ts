// computeUpdate against Fabric's own `configtxlator compute_update` on the table of changes in
// cases/update-cases.ts: the read and write sets must be the same, compared decoded (Go's
// protobuf map order is not deterministic, so bytes are never compared). Each case is also
// applied and authorized with the toolkit's rules, which must ask for the policies the case names.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeUpdate } from '../../../tools/src/fabric/config/compute-update.ts';
import { applyUpdate } from '../../../tools/src/fabric/config/apply-update.ts';
import { authorizeDelta } from '../../../tools/src/fabric/config/authorize-delta.ts';
import { configToProto, type ChannelConfig } from '../../../tools/src/fabric/config/config-tree.ts';
import { decodeConfigUpdate } from '../../../tools/src/fabric/config/config-update.ts';
import { fabricBinDir, HOW_TO_BUILD_FABRIC_TOOLS } from '../../support/fabric-tools.ts';
import { requireFile } from '../../support/requirements.ts';
import { UPDATE_CASES, type CaseMaterial } from './cases/update-cases.ts';
import { sampleChannel, sampleOrg } from './support/sample-channel.ts';

const configtxlatorPath = join(fabricBinDir, 'configtxlator');
const req = requireFile('configtxlator compute_update conformance', configtxlatorPath, HOW_TO_BUILD_FABRIC_TOOLS);

let base: ChannelConfig;
let material: CaseMaterial;
let work: string;
beforeAll(async () => {
  const [org1, org2, org3, newcomer, rotated] = await Promise.all(
    ['Org1MSP', 'Org2MSP', 'Org3MSP', 'Org4MSP', 'Org2MSP'].map((id, i) => sampleOrg(id, `o${i}.example.com`)),
  );
  base = sampleChannel([org1!, org2!, org3!]);
  material = {
    newcomer: newcomer!,
    member: 'Org2MSP',
    rotated: rotated!,
    consenterCert: newcomer!.pki.certificates.tlsCa,
  };
  work = mkdtempSync(join(tmpdir(), 'consortium-configtxlator-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('each change of the table needs the policies Fabric names', () => {
  it.each(UPDATE_CASES.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const update = computeUpdate({ channelId: 'ch', original: base, updated: testCase.change(base, material) });
    expect(update).toBeDefined();
    const applied = applyUpdate({ channelId: 'ch', config: base, update: update! });
    if (!applied.ok) throw new Error(applied.error);
    const { policies } = authorizeDelta({ config: base, delta: applied.delta, signers: [] });
    expect(policies.map((p) => p.path)).toEqual(testCase.needs(material));
  });
});

describe.skipIf(!req.available)('computeUpdate equals configtxlator compute_update', () => {
  it.each(UPDATE_CASES.map((c) => [c.name, c] as const))('%s', (name, testCase) => {
    const updated = testCase.change(base, material);
    const slug = name.replace(/\W+/g, '-');
    const original = join(work, `${slug}-original.pb`);
    const changed = join(work, `${slug}-updated.pb`);
    const output = join(work, `${slug}-update.pb`);
    writeFileSync(original, configToProto(base).serializeBinary());
    writeFileSync(changed, configToProto(updated).serializeBinary());
    execFileSync(
      configtxlatorPath,
      ['compute_update', '--channel_id=ch', `--original=${original}`, `--updated=${changed}`, `--output=${output}`],
      {
        timeout: 60_000,
      },
    );
    const fabric = decodeConfigUpdate(new Uint8Array(readFileSync(output)));
    if (!fabric.ok) throw new Error(fabric.error);
    expect(computeUpdate({ channelId: 'ch', original: base, updated })).toEqual(fabric.value);
  });
});
