// Each channel's rendered configtx.yaml must be accepted by Fabric's own configtxgen, which must
// produce a genesis block from it. The consenters' TLS certificates are issued in-cluster in real
// deployments; here throw-away ones are generated at the paths configtx.yaml names.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import type { RenderedMember } from '../../tools/src/render/types.ts';
import { configtxgenPath, HOW_TO_BUILD_FABRIC_TOOLS } from '../support/fabric-tools.ts';
import { requireFile } from '../support/requirements.ts';
import { loadExampleModel } from './support/render-fixtures.ts';

const requirement = requireFile(
  'render: configtxgen accepts configtx.yaml',
  configtxgenPath,
  HOW_TO_BUILD_FABRIC_TOOLS,
);

async function throwawayTlsCert(host: string): Promise<string> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${host}`,
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 86_400_000 * 365),
    keys,
    signingAlgorithm: algorithm,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }])],
  });
  return cert.toString('pem');
}

interface Configtx {
  Profiles: Record<
    string,
    { Orderer: { EtcdRaft: { Consenters: { Host: string; ServerTLSCert: string; ClientTLSCert: string }[] } } }
  >;
}

describe.skipIf(!requirement.available)("Fabric's configtxgen on the rendered channel artifacts", () => {
  let members: RenderedMember[];
  let work: string;

  beforeAll(async () => {
    members = renderConsortium(await loadExampleModel());
    work = await mkdtemp(join(tmpdir(), 'render-configtxgen-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('produces a genesis block for every channel of every member', async () => {
    let blocks = 0;
    for (const member of members) {
      const channels = [
        ...new Set(member.files.filter((f) => f.path.startsWith('channels/')).map((f) => f.path.split('/')[1] ?? '')),
      ];
      expect(channels.length).toBeGreaterThan(0);
      for (const channel of channels) {
        const dir = join(work, member.org, channel);
        const prefix = `channels/${channel}/`;
        let configtx: Configtx | undefined;
        for (const file of member.files.filter((f) => f.path.startsWith(prefix))) {
          const path = join(dir, file.path.slice(prefix.length));
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, file.content);
          if (file.path.endsWith('/configtx.yaml')) configtx = load(file.content) as Configtx;
        }
        const profile = configtx?.Profiles[channel];
        expect(profile).toBeDefined();
        for (const consenter of profile?.Orderer.EtcdRaft.Consenters ?? []) {
          const cert = await throwawayTlsCert(consenter.Host);
          for (const rel of new Set([consenter.ServerTLSCert, consenter.ClientTLSCert])) {
            await mkdir(dirname(join(dir, rel)), { recursive: true });
            await writeFile(join(dir, rel), cert);
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
    }
    expect(blocks).toBeGreaterThanOrEqual(4);
  });
});
