// The environment that points the end-to-end test at a user's cluster (docs/testing.md, "On a
// cluster of your own"), read into one checked value: a mistake comes back as the reason the test
// does not run, naming the variable and what it expects.
import type { FabricImages, FabricImagesLookup } from '../node/fabric-images.ts';

export interface UserClusterConfig {
  readonly kubeconfig: string;
  /** Undefined: the kubeconfig's current context. */
  readonly context: string | undefined;
  /** Undefined: the cluster's only GatewayClass. */
  readonly gatewayClass: string | undefined;
  /** Undefined: the cluster's default StorageClass. */
  readonly storageClass: string | undefined;
  /** ADDRESS[:PORT] where this machine reaches the gateway; undefined: the Gateway's status address. */
  readonly gatewayAddress: string | undefined;
  readonly images: FabricImages;
  /** Leave the members' namespaces on the cluster after the test (to look around). */
  readonly keep: boolean;
}

export const USER_CLUSTER_VARIABLES = {
  kubeconfig: 'CONSORTIUM_E2E_KUBECONFIG',
  context: 'CONSORTIUM_E2E_CONTEXT',
  gatewayClass: 'CONSORTIUM_E2E_GATEWAY_CLASS',
  storageClass: 'CONSORTIUM_E2E_STORAGE_CLASS',
  gatewayAddress: 'CONSORTIUM_E2E_GATEWAY_ADDRESS',
  images: 'CONSORTIUM_E2E_IMAGES',
  keep: 'CONSORTIUM_E2E_KEEP',
} as const;

const IMAGE_ROLES = ['peer', 'orderer', 'tools', 'ca', 'provenance'] as const;
type ImageRole = (typeof IMAGE_ROLES)[number];

export type UserClusterConfigResult =
  { readonly ok: true; readonly config: UserClusterConfig } | { readonly ok: false; readonly reason: string };

/**
 * `built` is what test/node/fabric-images.sh built on this machine: the images a user loads into
 * the cluster (e.g. `kind load image-archive`) when CONSORTIUM_E2E_IMAGES names none or only some.
 */
export function parseUserClusterEnv(env: NodeJS.ProcessEnv, built: FabricImagesLookup): UserClusterConfigResult {
  const V = USER_CLUSTER_VARIABLES;
  const value = (name: string) => {
    const text = (env[name] ?? '').trim();
    return text === '' ? undefined : text;
  };
  const kubeconfig = value(V.kubeconfig);
  if (kubeconfig === undefined) return { ok: false, reason: `${V.kubeconfig} is not set` };
  const gatewayAddress = value(V.gatewayAddress);
  if (gatewayAddress !== undefined && !/^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(gatewayAddress))
    return {
      ok: false,
      reason: `${V.gatewayAddress}=${gatewayAddress}: expected ADDRESS[:PORT] (e.g. 172.18.255.200 or 127.0.0.1:8443)`,
    };

  const named: Partial<Record<ImageRole, string>> = {};
  for (const entry of (value(V.images) ?? '').split(/[\s,]+/).filter((e) => e !== '')) {
    const at = entry.indexOf('=');
    const role = entry.slice(0, at);
    if (at <= 0 || at === entry.length - 1 || !(IMAGE_ROLES as readonly string[]).includes(role))
      return {
        ok: false,
        reason: `${V.images}: '${entry}' is not ROLE=REFERENCE with ROLE one of ${IMAGE_ROLES.join(', ')}`,
      };
    named[role as ImageRole] = entry.slice(at + 1);
  }
  const fallback = built.found ? built.images : undefined;
  const peer = named.peer ?? fallback?.peer;
  const orderer = named.orderer ?? fallback?.orderer;
  const tools = named.tools ?? fallback?.tools;
  if (peer === undefined || orderer === undefined || tools === undefined) {
    const missing = (['peer', 'orderer', 'tools'] as const).filter((r) => named[r] === undefined);
    return {
      ok: false,
      reason:
        `${V.images} names no ${missing.join(', ')} image and none is built here ` +
        `(${built.found ? '' : built.reason}); name them, e.g. ${V.images}=peer=hyperledger/fabric-peer:3.1.1,...`,
    };
  }
  const tag = /:([^:/@]+)$/.exec(peer)?.[1];
  if (tag === undefined)
    return { ok: false, reason: `${V.images}: the peer image ${peer} has no tag (its Fabric version, e.g. :3.1.1)` };
  return {
    ok: true,
    config: {
      kubeconfig,
      context: value(V.context),
      gatewayClass: value(V.gatewayClass),
      storageClass: value(V.storageClass),
      gatewayAddress,
      images: {
        fabricVersion: tag,
        peer,
        orderer,
        tools,
        ca: named.ca ?? fallback?.ca,
        provenance: named.provenance ?? fallback?.provenance,
        notBuilt: [],
      },
      keep: /^(1|true|yes)$/i.test(value(V.keep) ?? ''),
    },
  };
}
