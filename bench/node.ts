// npm run bench:node — warm start, memory and teardown of the test node (binaries built).
// Baseline: the control plane of the node's cluster alone (etcd, API server, controller manager),
// started in the same run, so the ratio shows what the node adds on top of its cluster.
// Start is measured to the node Ready, to its add-ons available, and to CoreDNS answering a
// Service name from inside the node; memory is sampled every 200 ms from the call to startNode
// until teardown begins.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startControlPlane } from '../test/cluster/harness.ts';
import { measureGroupRss } from '../test/cluster/memory.ts';
import { waitFor } from '../test/cluster/wait.ts';
import { locateNodeBinaries } from '../test/node/binaries.ts';
import { leftovers } from '../test/node/leftovers.ts';
import { cgroupMemory, processMemory } from '../test/node/memory.ts';
import { nodeCgroupPath } from '../test/node/host.ts';
import { startNode, type TestNode } from '../test/node/node.ts';

const lookup = locateNodeBinaries();
if (!lookup.found) {
  console.error(`bench:node: ${lookup.reason}`);
  process.exit(1);
}
const { binaries } = lookup;
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 5_000));

const planeStarted = performance.now();
const plane = await startControlPlane({ binaries: binaries.controlPlane, clusterNames: ['node'], runsPods: true });
const planeMs = performance.now() - planeStarted;
const cluster = plane.environment.clusters[0];
if (cluster === undefined) throw new Error('no cluster');
let node: TestNode | undefined;
try {
  await settle();
  const planeRss = measureGroupRss(plane.pids());
  const v = binaries.versions;
  console.log(
    `Kubernetes ${v.kube}, containerd ${v.containerd}, runc ${v.runc}, CoreDNS ${v.coredns}, ` +
      `kube-router ${binaries.kubeRouter === undefined ? 'not built' : v.kubeRouter}, ` +
      `Traefik ${binaries.images.traefik === undefined ? 'not built' : v.traefik}`,
  );
  console.log(`baseline  control plane of one cluster: ready ${s(planeMs)}, RSS ${mib(planeRss)}`);

  // The node's cgroup is made below this process's memory cgroup (nodeCgroupPath); sample
  // whatever node cgroup is there from the first moment of startNode on.
  let peakRss = 0;
  const sampler = setInterval(() => {
    for (const path of nodeCgroupsBelowSelf()) peakRss = Math.max(peakRss, processMemory(path).rssBytes);
  }, 200);
  const started = performance.now();
  node = await startNode({ binaries, cluster });
  const { timings } = node;
  const running = node;
  const dnsName = 'kubernetes.default.svc.cluster.local';
  await waitFor({
    what: `CoreDNS to answer ${dnsName} inside the node`,
    timeoutMs: 60_000,
    intervalMs: 100,
    check: () => {
      running.exec('busybox', ['nslookup', dnsName, running.network.dnsServiceIp]);
      return Promise.resolve(true);
    },
  });
  const dnsMs = performance.now() - started;
  await settle();
  clearInterval(sampler);
  const processes = processMemory(node.footprint.cgroupPath);
  const imageBytes = binaries.images.all.reduce((sum, image) => sum + statSync(image.file).size, 0);
  peakRss = Math.max(peakRss, processes.rssBytes);
  const cgroup = cgroupMemory(node.footprint.cgroupPath);
  console.log(
    `start     node Ready ${s(timings.nodeReadyMs)} (of which image import ${s(timings.imageImportMs)}: ` +
      `${binaries.images.all.length} images, ${mib(imageBytes)}), ` +
      `add-ons available ${s(timings.addonsReadyMs)}, CoreDNS answering ${s(dnsMs)}`,
  );
  console.log(
    `memory    ${processes.processes} processes: RSS now ${mib(processes.rssBytes)}, ` +
      `peak of the sum ${mib(peakRss)} (sampled), sum of each one's peak ${mib(processes.hwmBytes)}`,
  );
  if (cgroup !== undefined) {
    console.log(
      `          memory cgroup: ${mib(cgroup.usageBytes)} now, peak ${mib(cgroup.maxUsageBytes)} ` +
        `(rss ${mib(cgroup.rssBytes)}, page cache ${mib(cgroup.cacheBytes)}: the binaries, images, snapshots and logs)`,
    );
  }
  const footprint = node.footprint;
  const stopStarted = performance.now();
  const { problems } = await node.stop();
  const stopMs = performance.now() - stopStarted;
  const left = [...problems, ...leftovers(footprint)];
  console.log(`teardown  ${s(stopMs)}; left behind: ${left.length === 0 ? 'nothing' : left.join('; ')}`);
  console.log(
    `ratio (node / its control plane): start ${(dnsMs / planeMs).toFixed(2)}x, ` +
      `memory ${(peakRss / planeRss).toFixed(2)}x`,
  );
  if (left.length > 0) process.exitCode = 1;
} finally {
  await node?.stop();
  await plane.stop();
}

/** cgroup paths (relative to each hierarchy) of the nodes this process has started. */
function nodeCgroupsBelowSelf(): string[] {
  const parent = dirname(nodeCgroupPath('x'));
  const dir = join('/sys/fs/cgroup/memory', parent);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith('consortium-node-'))
    .map((name) => join(parent, name));
}
