// What node suites (*.node.test.ts) see of the test node started by test/node/global-setup.ts
// (in vitest's main process): plain data through `provide`/`inject`.
import { inject } from 'vitest';
import type { TestCluster } from '../cluster/clusters.ts';
import type { NodeNetwork } from './node-config.ts';

export interface NodeEnvironment {
  readonly kubeVersion: string;
  /** The cluster the node belongs to (its own API server, controller manager, scheduler). */
  readonly cluster: TestCluster;
  readonly nodeName: string;
  readonly network: NodeNetwork;
  /** A process in the node's network namespace: `nsenter -t <pid> -n` runs a client beside the pods. */
  readonly namespacePid: number;
  /** Image references imported into the node's containerd. */
  readonly images: {
    readonly testbox: string;
    readonly busybox: string;
    readonly pause: string;
  };
  /** Undefined when Traefik was not built; `gatewayUnavailable` says why. */
  readonly gatewayClassName: string | undefined;
  readonly gatewayUnavailable: string;
  /** Whether kube-router enforces NetworkPolicies on the node. */
  readonly networkPolicy: boolean;
  /** Host names and zones CoreDNS resolves to the gateway. */
  readonly gatewayHostNames: readonly string[];
  readonly gatewayZones: readonly string[];
  /** The storage classes the provisioner serves (first = default). */
  readonly storageClasses: readonly string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Undefined when the node cannot run here; `nodeUnavailable` then says why. */
    testNode: NodeEnvironment | undefined;
    testNodeUnavailable: string;
  }
}

export function injectNode(): { available: boolean; reason: string } {
  return { available: inject('testNode') !== undefined, reason: inject('testNodeUnavailable') };
}

export function requireNode(): NodeEnvironment {
  const node = inject('testNode');
  if (node === undefined) throw new Error(`test node unavailable: ${inject('testNodeUnavailable')}`);
  return node;
}
