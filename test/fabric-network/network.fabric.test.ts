// The native network itself: the example consortium's orderers and peers start from a fresh PKI,
// join block 0 of both channels, and stop() leaves no process and no directory behind.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { live } from '../cluster/process-guard.ts';
import { fabricNetworkAvailability } from './availability.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';

const availability = fabricNetworkAvailability('native Fabric network (*.fabric.test.ts)');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!availability.available)('native Fabric network of the example consortium', () => {
  let network: FabricNetwork | undefined;
  beforeAll(async () => {
    if (!availability.available) return;
    network = await startFabricNetwork({ binaries: availability.binaries });
    console.log(
      `native network: nodes ready in ${(network.timings.nodesReadyMs / 1000).toFixed(1)}s, channels joined in ${(network.timings.channelsJoinedMs / 1000).toFixed(1)}s`,
    );
  }, 300_000);
  afterAll(async () => {
    await network?.stop();
  });

  it('runs one orderer and one peer per member, each peer at block 0 of its channels', async () => {
    const net = network;
    if (net === undefined) throw new Error('network not started');
    expect([...net.orgs.keys()].sort()).toEqual(['logistics', 'manufacturer', 'retailer']);
    expect(await net.waitForSameHeight('traceability', ['manufacturer', 'logistics', 'retailer'])).toBe(1);
    expect(await net.waitForSameHeight('recalls', ['manufacturer', 'retailer'])).toBe(1);
    // logistics is not a member of recalls: its peer never joined it.
    expect(await net.peerHeight('logistics', 'recalls')).toBeUndefined();
    for (const id of net.orgs.keys()) {
      const result = await net.run(net.binaries.osnadmin, [
        'channel',
        'list',
        '--channelID',
        'traceability',
        '-o',
        `${net.org(id).ordererHost ?? ''}:9443`,
        '--ca-file',
        net.org(id).material.tlsCaCertFile,
        '--client-cert',
        net.org(id).material.adminTlsCert,
        '--client-key',
        net.org(id).material.adminTlsKey,
      ]);
      expect(result.stdout).toMatch(/"consensusRelation": "consenter"/);
    }
  });

  it('stop() ends every process and removes every directory', async () => {
    const net = network;
    if (net === undefined) throw new Error('network not started');
    const { rootDir } = net;
    const repoDir = net.repo.dir;
    const before = [...live].map((p) => p.pid);
    expect(before.length).toBe(7); // the namespace holder, three orderers, three peers
    await net.stop();
    network = undefined;
    for (const pid of before) expect(alive(pid)).toBe(false);
    expect(existsSync(rootDir)).toBe(false);
    expect(existsSync(repoDir)).toBe(false);
  });
});
