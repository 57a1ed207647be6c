// Child process of lifecycle.node.test.ts: starts a second node on the given cluster, prints
// its footprint as one JSON line, and waits to be killed (SIGKILL: no teardown of its own runs).
//   node --import tsx test/node/crash-fixture.ts '<TestCluster JSON>' <node name>
import type { TestCluster } from '../cluster/clusters.ts';
import { locateNodeBinaries } from './binaries.ts';
import { startNode } from './node.ts';

const [clusterJson, nodeName] = process.argv.slice(2);
if (clusterJson === undefined || nodeName === undefined) process.exit(2);
const lookup = locateNodeBinaries();
if (!lookup.found) {
  console.error(lookup.reason);
  process.exit(1);
}
const node = await startNode({
  binaries: lookup.binaries,
  cluster: JSON.parse(clusterJson) as TestCluster,
  nodeName,
  addons: false,
  taints: [{ key: 'consortium.test/lifecycle', effect: 'NoSchedule' }],
});
console.log(JSON.stringify({ footprint: node.footprint, pids: node.pids() }));
setInterval(() => undefined, 60_000);
