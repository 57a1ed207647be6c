// The test node as the cluster of the end-to-end test: started by the e2e project's global setup
// (test/node/global-setup.ts), its API reached with the harness's admin certificate, its Fabric
// images imported from what test/node/fabric-images.sh built, and its gateway's Service address
// routed only inside the node's network namespace, which the sample client therefore joins.
import { locateFabricImages } from '../node/fabric-images.ts';
import { injectNode, requireNode } from '../node/nodes.ts';
import type { E2eCluster, E2eClusterLookup } from './e2e-cluster.ts';
import { nodeNetworkRoute } from './member-client.ts';
import { writeMembersKubeconfig } from './members-kubeconfig.ts';

export function locateNodeCluster(): E2eClusterLookup {
  const node = injectNode();
  const images = locateFabricImages();
  if (!node.available) return { found: false, where: 'the node', reason: node.reason };
  if (!images.found) return { found: false, where: 'the node', reason: images.reason };
  const { cluster, gatewayClassName, namespacePid, network } = requireNode();
  const e2eCluster: E2eCluster = {
    description: 'the node',
    api: cluster,
    gatewayClassName: gatewayClassName ?? 'traefik',
    storageClass: undefined,
    images: images.images,
    writeMembersKubeconfig: (file, members) => writeMembersKubeconfig(file, cluster, members),
    clientRoute: () => Promise.resolve(nodeNetworkRoute(namespacePid, network.gatewayServiceIp)),
    // The node and everything on it go with the global teardown.
    close: () => Promise.resolve(),
  };
  return { found: true, cluster: e2eCluster };
}
