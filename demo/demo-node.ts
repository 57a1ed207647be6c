// The walkthrough's Kubernetes node: the test node (test/node/node.ts) with its own control plane,
// started as the e2e project's global setup starts it (pods run, CoreDNS answers the members'
// ingress domains with the gateway's address, Traefik passes TLS through), and stopped with the
// check the node suites make: nothing left on the machine (test/node/leftovers.ts).
import { startControlPlane } from '../test/cluster/harness.ts';
import type { TestCluster } from '../test/cluster/clusters.ts';
import { locateNodeBinaries, type NodeBinaries } from '../test/node/binaries.ts';
import { locateFabricImages, type FabricImages } from '../test/node/fabric-images.ts';
import { leftovers } from '../test/node/leftovers.ts';
import { startNode, type TestNode } from '../test/node/node.ts';

export type NodeLookup =
  | { readonly found: true; readonly binaries: NodeBinaries; readonly images: FabricImages }
  | { readonly found: false; readonly reason: string };

/** The node's binaries and the Fabric images it runs, or why the walkthrough cannot use them. */
export function locateDemoNode(): NodeLookup {
  const node = locateNodeBinaries();
  if (!node.found) return { found: false, reason: node.reason };
  const images = locateFabricImages();
  if (!images.found) return { found: false, reason: images.reason };
  if (node.binaries.images.traefik === undefined)
    return {
      found: false,
      reason: 'Traefik is not built (bash test/node/build.sh traefik): no gateway for the members',
    };
  return { found: true, binaries: node.binaries, images: images.images };
}

export interface DemoNode {
  readonly cluster: TestCluster;
  readonly node: TestNode;
  /** Stops the node and its control plane; returns what was left behind (nothing, normally). */
  stop(): Promise<string[]>;
}

export async function startDemoNode(binaries: NodeBinaries, gatewayZones: readonly string[]): Promise<DemoNode> {
  const plane = await startControlPlane({ binaries: binaries.controlPlane, clusterNames: ['node'], runsPods: true });
  const cluster = plane.environment.clusters[0];
  let node: TestNode;
  try {
    if (cluster === undefined) throw new Error('the control plane started without its cluster');
    node = await startNode({ binaries, cluster, gatewayZones });
  } catch (error) {
    await plane.stop();
    throw error;
  }
  let stopped: Promise<string[]> | undefined;
  return {
    cluster,
    node,
    stop() {
      stopped ??= (async () => {
        const problems = [...(await node.stop()).problems];
        await plane.stop();
        return [...problems, ...leftovers(node.footprint)];
      })();
      return stopped;
    },
  };
}
