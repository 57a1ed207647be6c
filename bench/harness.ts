// npm run bench:harness — warm start time and memory of the test control plane.
// Baseline: the same harness with one cluster (etcd + one API server + one controller manager),
// started in the same run, so the ratio shows what the second and third cluster cost.
import { locateBinaries } from '../test/cluster/binaries.ts';
import { startControlPlane } from '../test/cluster/harness.ts';
import { measureGroupRss } from '../test/cluster/memory.ts';

interface Sample {
  readonly clusters: number;
  readonly apiServersReadyMs: number;
  readonly controllersReadyMs: number;
  readonly rssBytes: number;
  readonly stopMs: number;
}

async function measure(clusterNames: readonly string[]): Promise<Sample> {
  const lookup = locateBinaries();
  if (!lookup.found) throw new Error(lookup.reason);
  const plane = await startControlPlane({ binaries: lookup.binaries, clusterNames });
  // Let start-up transients (informer syncs, bootstrap controllers) settle before reading RSS.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const rssBytes = measureGroupRss(plane.pids());
  const stopStarted = performance.now();
  await plane.stop();
  return { clusters: clusterNames.length, ...plane.timings, rssBytes, stopMs: performance.now() - stopStarted };
}

function show(sample: Sample): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return [
    `${sample.clusters} cluster(s):`,
    `API servers ready ${s(sample.apiServersReadyMs)},`,
    `controllers ready ${s(sample.controllersReadyMs)},`,
    `RSS ${(sample.rssBytes / 2 ** 20).toFixed(0)} MiB,`,
    `teardown ${s(sample.stopMs)}`,
  ].join(' ');
}

const lookup = locateBinaries();
if (!lookup.found) {
  console.error(`bench:harness: ${lookup.reason}`);
  process.exit(1);
}
console.log(`Kubernetes ${lookup.binaries.versions.kube}, etcd ${lookup.binaries.versions.etcd}`);
const baseline = await measure(['a']);
console.log(`baseline  ${show(baseline)}`);
const three = await measure(['a', 'b', 'c']);
console.log(`harness   ${show(three)}`);
console.log(
  `ratio (three clusters / one): start ${(three.apiServersReadyMs / baseline.apiServersReadyMs).toFixed(2)}x, ` +
    `memory ${(three.rssBytes / baseline.rssBytes).toFixed(2)}x`,
);
