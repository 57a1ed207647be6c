// Each channel's configtx.yaml (`render --configtx`) must be accepted by Fabric's own configtxgen,
// which must produce a genesis block from it, run on the rendered directory as is: the consenters'
// TLS certificates are the ones committed in the repository (orgs/<org>/org.yaml orderers[].tlsCert).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { renderConsortiumConfigtx } from '../../tools/src/render/render-consortium.ts';
import type { RenderedFile } from '../../tools/src/render/types.ts';
import { configtxgenPath, HOW_TO_BUILD_FABRIC_TOOLS } from '../support/fabric-tools.ts';
import { projectRoot } from '../support/example-repo.ts';
import { requireFile } from '../support/requirements.ts';
import { loadExampleModel } from './support/render-fixtures.ts';

const requirement = requireFile(
  'render: configtxgen accepts configtx.yaml',
  configtxgenPath,
  HOW_TO_BUILD_FABRIC_TOOLS,
);

interface Configtx {
  Profiles: Record<
    string,
    { Orderer: { EtcdRaft: { Consenters: { Host: string; ServerTLSCert: string; ClientTLSCert: string }[] } } }
  >;
}

describe.skipIf(!requirement.available)("Fabric's configtxgen on the rendered channel artifacts", () => {
  let files: RenderedFile[];
  let model: ConsortiumModel;
  let work: string;

  beforeAll(async () => {
    model = await loadExampleModel();
    files = renderConsortiumConfigtx(model);
    work = await mkdtemp(join(tmpdir(), 'render-configtxgen-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('produces a genesis block for every channel', async () => {
    let blocks = 0;
    const channels = [...new Set(files.map((f) => f.path.split('/')[0] ?? ''))];
    expect(channels).toEqual(model.channels.map((c) => c.name).sort());
    for (const channel of channels) {
      const dir = join(work, channel);
      const prefix = `${channel}/`;
      let configtx: Configtx | undefined;
      for (const file of files.filter((f) => f.path.startsWith(prefix))) {
        const path = join(dir, file.path.slice(prefix.length));
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, file.content);
        if (file.path.endsWith('/configtx.yaml')) configtx = load(file.content) as Configtx;
      }
      const profile = configtx?.Profiles[channel];
      expect(profile).toBeDefined();
      const consenters = profile?.Orderer.EtcdRaft.Consenters ?? [];
      expect(consenters.length).toBe(3);
      for (const consenter of consenters) {
        // The rendered file is the committed certificate of the orderer at that host.
        const [orderer, ...domain] = consenter.Host.split('.');
        const org = model.orgs.find((o) => o.cluster.ingress.domain === domain.join('.'));
        const committed = org?.orderers.find((o) => o.name === orderer)?.tlsCert;
        expect(committed).toBeDefined();
        const expected = await readFile(join(projectRoot, committed ?? ''), 'utf8');
        for (const rel of new Set([consenter.ServerTLSCert, consenter.ClientTLSCert])) {
          expect(await readFile(join(dir, rel), 'utf8')).toBe(expected);
        }
      }
      const block = join(dir, 'genesis.block');
      execFileSync(configtxgenPath, ['-profile', channel, '-channelID', channel, '-outputBlock', block], {
        env: { ...process.env, FABRIC_CFG_PATH: dir },
        stdio: 'pipe',
      });
      expect(existsSync(block)).toBe(true);
      const inspected = JSON.parse(
        execFileSync(configtxgenPath, ['-inspectBlock', block], {
          env: { ...process.env, FABRIC_CFG_PATH: dir },
          encoding: 'utf8',
          stdio: 'pipe',
        }),
      ) as {
        data: {
          data: {
            payload: {
              data: { config: { channel_group: { groups: Record<string, { groups: Record<string, unknown> }> } } };
            };
          }[];
        };
      };
      const groups = inspected.data.data[0]?.payload.data.config.channel_group.groups;
      expect(Object.keys(groups?.['Application']?.groups ?? {}).length).toBeGreaterThan(0);
      expect(Object.keys(groups?.['Orderer']?.groups ?? {}).length).toBeGreaterThan(0);
      blocks++;
    }
    expect(blocks).toBe(channels.length);
  });
});
