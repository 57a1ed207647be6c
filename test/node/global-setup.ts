// vitest global setup of the "node" project: one test cluster with one real node (node.ts) for
// all *.node.test.ts suites. Without the binaries (or without root) the suites are skipped and
// the reason is recorded for the test runner's summary. Teardown fails the run if the node left
// anything behind.
import type { TestProject } from 'vitest/node';
import { startControlPlane, type ControlPlane } from '../cluster/harness.ts';
import { recordSkip } from '../support/requirements.ts';
import { loadExampleModel } from '../render/support/render-fixtures.ts';
import { locateNodeBinaries } from './binaries.ts';
import { leftovers } from './leftovers.ts';
import { cgroupMemory, processMemory } from './memory.ts';
import { startNode, defaultStorageClasses, type TestNode } from './node.ts';
import './nodes.ts';

let plane: ControlPlane | undefined;
let node: TestNode | undefined;

/** Names the smoke tests resolve through CoreDNS to the gateway (as members' external names). */
const gatewayHostNames = ['peer0.org1.consortium.test', 'peer0.org2.consortium.test'];

/**
 * A test zone first (suites dial unrouted names in it), then every example member's ingress
 * domain, so the host names render gives its peers and orderers reach the gateway.
 */
async function gatewayZones(): Promise<string[]> {
  const model = await loadExampleModel();
  return ['members.consortium.test', ...new Set(model.orgs.map((org) => org.cluster.ingress.domain))];
}

export async function setup(project: TestProject): Promise<void> {
  const lookup = locateNodeBinaries();
  if (!lookup.found) {
    recordSkip('node suites (*.node.test.ts)', lookup.reason);
    project.provide('testNode', undefined);
    project.provide('testNodeUnavailable', lookup.reason);
    return;
  }
  const { binaries } = lookup;
  const zones = await gatewayZones();
  plane = await startControlPlane({ binaries: binaries.controlPlane, clusterNames: ['node'], runsPods: true });
  const cluster = plane.environment.clusters[0];
  if (cluster === undefined) throw new Error('control plane started without a cluster');
  try {
    // kube-router and Traefik run when built; their suites are listed as not run otherwise.
    node = await startNode({ binaries, cluster, gatewayHostNames, gatewayZones: zones });
  } catch (error) {
    await plane.stop();
    plane = undefined;
    throw error;
  }
  project.provide('testNode', {
    kubeVersion: binaries.versions.kube,
    cluster,
    nodeName: node.nodeName,
    network: node.network,
    namespacePid: node.namespacePid,
    images: {
      testbox: binaries.images.testbox.ref,
      busybox: binaries.images.busybox.ref,
      pause: binaries.images.pause.ref,
    },
    gatewayClassName: node.gatewayClassName,
    gatewayUnavailable: gatewayUnavailable(binaries.versions.traefik, node.gatewayClassName),
    networkPolicy: node.networkPolicy,
    gatewayHostNames,
    gatewayZones: zones,
    storageClasses: [...defaultStorageClasses],
  });
  if (!node.networkPolicy) {
    recordSkip(
      'node NetworkPolicy suite (network-policy.node.test.ts)',
      `kube-router ${binaries.versions.kubeRouter ?? ''} not built; run test/node/build.sh kube-router`,
    );
  }
  project.provide('testNodeUnavailable', '');
}

/** The node's memory over the whole run (its daemons, containers and their page cache), for the figures. */
function reportPeakMemory(cgroupPath: string): void {
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const cgroup = cgroupMemory(cgroupPath);
  const processes = processMemory(cgroupPath);
  console.log(
    `test node memory: ${processes.processes} processes, summed peak RSS ${mib(processes.hwmBytes)}` +
      (cgroup === undefined
        ? ''
        : `; cgroup peak ${mib(cgroup.maxUsageBytes)} (now ${mib(cgroup.rssBytes)} anonymous + ${mib(cgroup.cacheBytes)} page cache)`),
  );
}

function gatewayUnavailable(version: string, gatewayClass: string | undefined): string {
  if (gatewayClass !== undefined) return '';
  const reason = `Traefik ${version} not built (bash test/node/build.sh traefik)`;
  recordSkip('node gateway suite (gateway.node.test.ts)', reason);
  return reason;
}

export async function teardown(): Promise<void> {
  const problems: string[] = [];
  if (node !== undefined) {
    const footprint = node.footprint;
    reportPeakMemory(footprint.cgroupPath);
    problems.push(...(await node.stop()).problems);
    problems.push(...leftovers(footprint));
  }
  await plane?.stop();
  node = undefined;
  plane = undefined;
  if (problems.length > 0) throw new Error(`the test node left things behind:\n  ${problems.join('\n  ')}`);
}
