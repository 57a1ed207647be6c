// The cluster the end-to-end test runs on (docs/testing.md, "On a cluster of your own"): the test
// node the e2e project's global setup starts (node-cluster.ts), or any cluster a user names with a
// kubeconfig (kubeconfig-cluster.ts), chosen by CONSORTIUM_E2E_KUBECONFIG. The test and its step
// modules see only this description, so no step knows which of the two it runs on.
import type { KubeApi } from '../cluster/kube-request.ts';
import type { FabricImages } from '../node/fabric-images.ts';
import { locateKubeconfigCluster } from './kubeconfig-cluster.ts';
import type { MemberCluster } from './members-kubeconfig.ts';
import { locateNodeCluster } from './node-cluster.ts';

export interface E2eCluster {
  /** Where the test runs, for skip reasons and figures: "the node", "context kind-kind of ~/.kube/config". */
  readonly description: string;
  /** The API with an administrator's rights: reads, Pod logs, the endorse step's Job. */
  readonly api: KubeApi;
  /** The GatewayClass every member's Gateway names. */
  readonly gatewayClassName: string;
  /** The storage class of every member's volumes; undefined keeps the example's (the node serves them all). */
  readonly storageClass: string | undefined;
  /** The Fabric images and the chaincode's, by the references the cluster's nodes know them by. */
  readonly images: FabricImages;
  /** A kubeconfig with one context per member's `cluster.name`, each on this cluster. */
  writeMembersKubeconfig(file: string, members: readonly MemberCluster[]): Promise<void>;
  /** How the sample client, on this machine, reaches the members' gateway. */
  clientRoute(members: readonly MemberCluster[]): Promise<ClientRoute>;
  /** Undoes what choosing the cluster started; on a user's cluster also deletes the members' namespaces. */
  close(): Promise<void>;
}

export interface ClientRoute {
  /** Command the client's process is started under: [] on this machine, nsenter into the node's network. */
  readonly prefix: readonly string[];
  /** ADDRESS[:PORT] the peer's external host name stands for (the client's --resolve). */
  readonly gatewayAddress: string;
}

export type E2eClusterLookup =
  | { readonly found: true; readonly cluster: E2eCluster }
  | { readonly found: false; readonly where: string; readonly reason: string };

/** What the test will create on the cluster, for a user's cluster to be checked against up front. */
export interface E2eFootprint {
  /** Every member's namespace, the fourth member's included: none may exist yet. */
  readonly namespaces: readonly string[];
  /** Every external host name a member's pods dial: each must resolve, inside the cluster, to the gateway. */
  readonly externalHosts: readonly string[];
  /** Their zones (the members' ingress domains), for the message saying what to configure. */
  readonly zones: readonly string[];
}

/** The environment variable that chooses a user's cluster over the test node. */
export const USER_KUBECONFIG_ENV = 'CONSORTIUM_E2E_KUBECONFIG';

export function userClusterChosen(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[USER_KUBECONFIG_ENV] ?? '') !== '';
}

/** The cluster the environment names, checked for what the test needs, or why the test cannot run. */
export async function locateE2eCluster(
  footprint: () => Promise<E2eFootprint>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<E2eClusterLookup> {
  return userClusterChosen(env) ? locateKubeconfigCluster(env, await footprint()) : locateNodeCluster();
}
