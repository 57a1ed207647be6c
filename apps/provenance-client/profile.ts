// Reads what a Fabric Gateway client needs from the connection profile `consortium render` writes
// for a member (ConfigMap fabric-connection-profile: connection-profile.yaml in the member's
// cluster, connection-profile-external.yaml elsewhere): the member's MSP ID and one of its peers,
// with the TLS root that verifies it. The Gateway peer finds every other endorser by discovery.
import { load } from 'js-yaml';

export interface GatewayTarget {
  readonly mspId: string;
  /** host:port to dial. */
  readonly endpoint: string;
  /** The name the peer's TLS certificate carries (grpc.ssl_target_name_override). */
  readonly hostOverride: string;
  readonly tlsRootCert: string;
  /** Channel names the profile lists. */
  readonly channels: readonly string[];
}

export class ProfileError extends Error {}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function field(object: Json, key: string, where: string): Json {
  const value = object[key];
  if (!isObject(value)) throw new ProfileError(`${where}: "${key}" is missing or not a mapping`);
  return value;
}

function text(object: Json, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw new ProfileError(`${where}: "${key}" is missing or empty`);
  return value;
}

/** The member's peer named `peer` (a host the profile lists), or its first one. */
export function parseConnectionProfile(
  source: string,
  file: string,
  options: { readonly peer?: string } = {},
): GatewayTarget {
  let profile: unknown;
  try {
    profile = load(source);
  } catch (error) {
    throw new ProfileError(`${file}: not YAML (${(error as Error).message.split('\n')[0] ?? ''})`);
  }
  if (!isObject(profile)) throw new ProfileError(`${file}: not a connection profile (expected a mapping)`);
  const mspId = text(field(profile, 'client', file), 'organization', `${file} client`);
  const org = field(field(profile, 'organizations', file), mspId, `${file} organizations`);
  const orgPeers = Array.isArray(org['peers']) ? org['peers'].filter((p): p is string => typeof p === 'string') : [];
  const peers = field(profile, 'peers', file);
  const host = options.peer ?? orgPeers[0];
  if (host === undefined) throw new ProfileError(`${file}: organization ${mspId} lists no peers`);
  if (!orgPeers.includes(host))
    throw new ProfileError(`${file}: ${host} is not a peer of ${mspId}; the profile lists ${orgPeers.join(', ')}`);
  const peer = field(peers, host, `${file} peers`);
  const url = text(peer, 'url', `${file} peers.${host}`);
  const match = /^grpcs:\/\/([^/]+:\d+)$/.exec(url);
  if (match?.[1] === undefined)
    throw new ProfileError(`${file} peers.${host}: url ${url} is not grpcs://host:port (the Gateway needs TLS)`);
  const tlsRootCert = text(
    field(peer, 'tlsCACerts', `${file} peers.${host}`),
    'pem',
    `${file} peers.${host}.tlsCACerts`,
  );
  const grpcOptions = isObject(peer['grpcOptions']) ? peer['grpcOptions'] : {};
  const override = grpcOptions['ssl-target-name-override'];
  return {
    mspId,
    endpoint: match[1],
    hostOverride: typeof override === 'string' && override !== '' ? override : host,
    tlsRootCert,
    channels: isObject(profile['channels']) ? Object.keys(profile['channels']) : [],
  };
}

/**
 * Dials `address` instead of the profile's host while TLS still expects the host's name, as
 * curl's --resolve does: for a machine whose DNS does not (yet) resolve the members' external
 * names, e.g. straight to a gateway's load balancer. `resolve` is HOST=ADDRESS[:PORT].
 */
export function resolveEndpoint(target: GatewayTarget, resolve: string): GatewayTarget {
  const match = /^([^=\s]+)=([^=\s]+)$/.exec(resolve);
  if (match?.[1] === undefined || match[2] === undefined)
    throw new ProfileError(`--resolve ${resolve}: expected HOST=ADDRESS[:PORT]`);
  const [, host, address] = match;
  const separator = target.endpoint.lastIndexOf(':');
  const [targetHost, targetPort] = [target.endpoint.slice(0, separator), target.endpoint.slice(separator + 1)];
  if (host !== targetHost)
    throw new ProfileError(`--resolve ${resolve}: the peer this client dials is ${targetHost}, not ${host}`);
  const endpoint = /:\d+$/.test(address) ? address : `${address}:${targetPort}`;
  return { ...target, endpoint, hostOverride: target.hostOverride === '' ? host : target.hostOverride };
}
