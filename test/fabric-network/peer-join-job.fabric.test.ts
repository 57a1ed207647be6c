// The rendered peer join Job on a native Fabric network: done at once for a channel its peer has
// joined, and while its peer does not answer (a first rollout, a restart) it waits with a log line
// per attempt and gives up at its deadline, saying so, instead of failing a Pod into the Job's
// back-off. Seen on a real node: a join Job started while its peer restarted lost a Pod that way.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildContexts } from '../../tools/src/render/context.ts';
import { renderPeerJoinJob } from '../../tools/src/render/jobs.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { fabricNetworkAvailability } from './availability.ts';
import { loadModel } from './network-repo.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';
import { runRenderedJob } from './rendered-job.ts';

const ORG = 'manufacturer';
const CHANNEL = 'traceability';
const availability = fabricNetworkAvailability('rendered peer join Job on a native Fabric network (*.fabric.test.ts)');

describe.skipIf(!availability.available)('the rendered peer join Job', () => {
  let network: FabricNetwork;
  let job: KubeObject;
  const genesis = () => ({ GENESIS_BLOCK: join(network.repo.dir, 'channels', CHANNEL, 'genesis.block') });

  beforeAll(async () => {
    if (!availability.available) return;
    network = await startFabricNetwork({ binaries: availability.binaries });
    const model = await loadModel(network.repo.dir);
    if (model.consortium === undefined) throw new Error('no consortium');
    const ctx = buildContexts(model, model.consortium).find((c) => c.org.id === ORG);
    const peer = ctx?.org.peers[0];
    const channel = model.channels.find((c) => c.name === CHANNEL);
    if (ctx === undefined || peer === undefined || channel === undefined) throw new Error('no peer');
    job = renderPeerJoinJob(ctx, peer, channel);
  }, 300_000);
  afterAll(async () => {
    await network?.stop();
  });

  it('is done at once for a channel its peer has joined', async () => {
    const run = await runRenderedJob(network, { job, orgId: ORG, files: genesis() });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`already joined channel ${CHANNEL}`);
  });

  it('waits for a peer that does not answer, one line per attempt, and gives up at the deadline', async () => {
    // A Service name that resolves but where no peer listens (yet).
    const host = 'peer9-manufacturer.fabric-acme.svc';
    expect(await network.addHost(host)).toMatch(/^127\./);
    const started = performance.now();
    const run = await runRenderedJob(network, {
      job,
      orgId: ORG,
      files: genesis(),
      env: { CORE_PEER_ADDRESS: `${host}:7051` },
      deadlineSeconds: 6,
    });
    const seconds = (performance.now() - started) / 1000;
    expect(run.code).toBe(1);
    expect(
      run.stdout.match(/^waiting: the peer peer9-manufacturer\.fabric-acme\.svc:7051 does not answer yet: .+$/gm)
        ?.length,
    ).toBeGreaterThanOrEqual(2);
    expect(run.stderr).toContain('gave up after 6s: the peer peer9-manufacturer.fabric-acme.svc:7051 never answered');
    expect(seconds).toBeLessThan(90);
  });
});
