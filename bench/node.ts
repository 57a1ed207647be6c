// npm run bench:node — warm start time, memory and teardown time of the test node.
// Baseline: the control plane of the node's cluster alone (etcd, API server, controller manager),
// started in the same run, so the ratio shows what the node adds on top of its cluster.
import { readFileSync } from 'node:fs';
import { startControlPlane } from '../test/cluster/harness.ts';
import { measureGroupRss } from '../test/cluster/memory.ts';
import { locateNodeBinaries } from '../test/node/binaries.ts';
import { cgroupPids } from '../test/node/cleanup.ts';
import { leftovers } from '../test/node/leftovers.ts';
import { startNode } from '../test/node/node.ts';

const lookup = locateNodeBinaries();
if (!lookup.found) {
  console.error(`bench:node: ${lookup.reason}`);
  process.exit(1);
}
const { binaries } = lookup;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const planeStarted = performance.now();
const plane = await startControlPlane({ binaries: binaries.controlPlane, clusterNames: ['node'], runsPods: true });
const planeMs = performance.now() - planeStarted;
const cluster = plane.environment.clusters[0];
if (cluster === undefined) throw new Error('no cluster');
try {
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const planeRss = measureGroupRss(plane.pids());
  console.log(
    `Kubernetes ${binaries.versions.kube}, containerd ${binaries.versions.containerd}, Traefik ${binaries.versions.traefik}`,
  );
  console.log(`baseline  control plane of one cluster: ready ${s(planeMs)}, RSS ${mib(planeRss)}`);

  const node = await startNode({ binaries, cluster });
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  // Every process of the node: daemons (own process groups) and everything in its cgroup.
  const nodeRss = rssOf(cgroupPids(node.footprint.cgroupPath));
  const { timings } = node;
  console.log(
    `node      Ready ${s(timings.nodeReadyMs)} (image import ${s(timings.imageImportMs)}), ` +
      `add-ons available ${s(timings.addonsReadyMs)}, RSS ${mib(nodeRss)}`,
  );
  const footprint = node.footprint;
  const stopStarted = performance.now();
  const { problems } = await node.stop();
  const stopMs = performance.now() - stopStarted;
  const left = leftovers(footprint);
  console.log(
    `teardown  ${s(stopMs)}; left behind: ${[...problems, ...left].length === 0 ? 'nothing' : [...problems, ...left].join('; ')}`,
  );
  console.log(
    `ratio (node / its control plane): start ${(timings.addonsReadyMs / planeMs).toFixed(2)}x, memory ${(nodeRss / planeRss).toFixed(2)}x`,
  );
} finally {
  await plane.stop();
}

function rssOf(pids: readonly number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match?.[1] !== undefined) total += Number(match[1]) * 1024;
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}
