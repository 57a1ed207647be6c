// The rendered orderer join Job on a native Fabric network: it joins its orderer to a channel from
// the genesis block through the channel participation API, is done when the orderer already serves
// the channel, and while the orderer's admin endpoint does not answer it waits with a log line per
// attempt and gives up at its deadline, saying so (not a back-off limit spent in a minute).
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannelConfig } from '../../tools/src/fabric/config/build-channel-config.ts';
import { genesisBlock, NONCE_BYTES } from '../../tools/src/fabric/config/config-block.ts';
import { buildContexts } from '../../tools/src/render/context.ts';
import { renderOrdererJoinJob } from '../../tools/src/render/jobs.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { fabricNetworkAvailability } from './availability.ts';
import { loadModel } from './network-repo.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';
import { NODE_PORTS } from './node-env.ts';
import { runRenderedJob } from './rendered-job.ts';

const ORG = 'manufacturer';
const availability = fabricNetworkAvailability(
  'rendered orderer join Job on a native Fabric network (*.fabric.test.ts)',
);

describe.skipIf(!availability.available)('the rendered orderer join Job', () => {
  let network: FabricNetwork;
  let lateBlock: string;
  const job = async (channel: string): Promise<KubeObject> => {
    const model = await loadModel(network.repo.dir);
    if (model.consortium === undefined) throw new Error('no consortium');
    const ctx = buildContexts(model, model.consortium).find((c) => c.org.id === ORG);
    const orderer = ctx?.ownConsenters[0];
    const definition = model.channels.find((c) => c.name === 'traceability');
    if (ctx === undefined || orderer === undefined || definition === undefined) throw new Error('no orderer');
    return renderOrdererJoinJob(ctx, orderer, { ...definition, name: channel });
  };
  const files = (osnAdmin: string, block: string) => {
    const org = network.org(ORG);
    return {
      OSN_ADMIN_ADDRESS: osnAdmin,
      OSN_TLS_CA: org.material.tlsCaCertFile,
      ADMIN_TLS_CERT: org.material.adminTlsCert,
      ADMIN_TLS_KEY: org.material.adminTlsKey,
      GENESIS_BLOCK: block,
    };
  };
  const ownAdmin = () => `${network.org(ORG).ordererHost ?? ''}:${NODE_PORTS.ordererAdmin}`;

  beforeAll(async () => {
    if (!availability.available) return;
    network = await startFabricNetwork({ binaries: availability.binaries });
    // A channel no orderer serves yet: block 0 built by the toolkit from traceability's config.
    const model = await loadModel(network.repo.dir);
    lateBlock = join(network.rootDir, 'late.block');
    await writeFile(
      lateBlock,
      genesisBlock(buildChannelConfig(model, 'traceability'), 'late', {
        timestamp: new Date(),
        nonce: randomBytes(NONCE_BYTES),
      }),
    );
  }, 300_000);
  afterAll(async () => {
    await network?.stop();
  });

  it('joins its orderer to a channel from block 0, then finds it served when it runs again', async () => {
    const rendered = await job('late');
    const joined = await runRenderedJob(network, { job: rendered, orgId: ORG, files: files(ownAdmin(), lateBlock) });
    expect(joined.code, joined.stdout + joined.stderr).toBe(0);
    expect(joined.stdout).toContain('joining the orderer at');
    expect(joined.stdout).toContain('Status: 201');
    const again = await runRenderedJob(network, { job: rendered, orgId: ORG, files: files(ownAdmin(), lateBlock) });
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('already serves channel late');
  });

  it('is done at once for a channel its orderer joined from the committed block 0', async () => {
    const block = join(network.repo.dir, 'channels/traceability/genesis.block');
    const run = await runRenderedJob(network, {
      job: await job('traceability'),
      orgId: ORG,
      files: files(ownAdmin(), block),
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('already serves channel traceability');
  });

  it('waits for an orderer whose admin endpoint does not answer, one line per attempt, and gives up at the deadline', async () => {
    // A Service name that resolves but where no orderer listens yet.
    const host = await network.addHost('orderer9-manufacturer.fabric-acme.svc');
    expect(host).toMatch(/^127\./);
    const started = performance.now();
    const run = await runRenderedJob(network, {
      job: await job('late'),
      orgId: ORG,
      files: files(`orderer9-manufacturer.fabric-acme.svc:${NODE_PORTS.ordererAdmin}`, lateBlock),
      deadlineSeconds: 4,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(run.code).toBe(1);
    expect(
      run.stdout.match(
        /^waiting: the orderer admin endpoint orderer9-manufacturer\.fabric-acme\.svc:\d+ does not answer yet: .+$/gm,
      )?.length,
    ).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toContain('gave up after 4s');
    expect(seconds).toBeLessThan(60);
  });
});
