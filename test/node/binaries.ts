// Where the test node's binaries, images and CRDs are: test/node/versions.env names the
// versions, test/node/build.sh builds them under the cache. Also checks what the node needs from
// the machine (root, iptables, ipset, util-linux), so a missing piece is a reason, not a failure.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateBinaries, type ControlPlaneBinaries } from '../cluster/binaries.ts';

const here = dirname(fileURLToPath(import.meta.url));

export interface NodeVersions {
  readonly kube: string;
  readonly containerd: string;
  readonly runc: string;
  readonly cniPlugins: string;
  readonly coredns: string;
  /** Undefined when kube-router was not built: NetworkPolicies are then not enforced. */
  readonly kubeRouter: string | undefined;
  readonly traefik: string;
  readonly localPathProvisioner: string;
  readonly gatewayApi: string;
  readonly pause: string;
}

export interface NodeImage {
  /** e.g. localhost/consortium-node/coredns:v1.15.0 */
  readonly ref: string;
  /** docker-archive tarball */
  readonly file: string;
}

export interface NodeBinaries {
  readonly versions: NodeVersions;
  readonly controlPlane: ControlPlaneBinaries;
  readonly kubelet: string;
  readonly kubeProxy: string;
  readonly kubeScheduler: string;
  readonly containerd: string;
  readonly containerdShim: string;
  readonly ctr: string;
  readonly runc: string;
  /** Directory with bridge, host-local, loopback, portmap. */
  readonly cniBinDir: string;
  /** Undefined when kube-router was not built: NetworkPolicies are then not enforced. */
  readonly kubeRouter: string | undefined;
  readonly apiRelay: string;
  /** Gateway API CRD manifests (experimental channel). */
  readonly gatewayApiCrdDir: string;
  readonly images: {
    readonly pause: NodeImage;
    readonly coredns: NodeImage;
    /** Undefined when Traefik was not built: the node then runs without a gateway. */
    readonly traefik: NodeImage | undefined;
    readonly localPathProvisioner: NodeImage;
    readonly busybox: NodeImage;
    readonly testbox: NodeImage;
    /** Every image of the images directory (the node imports them all). */
    readonly all: readonly NodeImage[];
  };
}

export type NodeLookup =
  { readonly found: true; readonly binaries: NodeBinaries } | { readonly found: false; readonly reason: string };

function readEnvFile(file: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], match[2]);
  }
  return values;
}

export function readNodeVersions(): NodeVersions {
  const file = join(here, 'versions.env');
  const node = readEnvFile(file);
  const cluster = readEnvFile(join(here, '..', 'cluster', 'versions.env'));
  const get = (map: Map<string, string>, key: string): string => {
    const value = map.get(key);
    if (value === undefined) throw new Error(`${file} (or test/cluster/versions.env) must set ${key}`);
    return value;
  };
  return {
    kube: get(cluster, 'KUBE_VERSION'),
    containerd: get(node, 'CONTAINERD_VERSION'),
    runc: get(node, 'RUNC_VERSION'),
    cniPlugins: get(node, 'CNI_PLUGINS_VERSION'),
    coredns: get(node, 'COREDNS_VERSION'),
    kubeRouter: get(node, 'KUBE_ROUTER_VERSION'),
    traefik: get(node, 'TRAEFIK_VERSION'),
    localPathProvisioner: get(node, 'LOCAL_PATH_PROVISIONER_VERSION'),
    gatewayApi: get(node, 'GATEWAY_API_VERSION'),
    pause: get(node, 'PAUSE_VERSION'),
  };
}

/** Host programs the node runs directly (kube-proxy and kube-router call iptables and ipset). */
const hostTools = ['iptables', 'iptables-save', 'iptables-restore', 'ipset', 'ip', 'nsenter', 'unshare', 'mount'];

function onPath(program: string, env: NodeJS.ProcessEnv): boolean {
  const dirs = (env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(':').concat(['/usr/sbin', '/sbin']);
  return dirs.some((dir) => isExecutable(join(dir, program)));
}

export function locateNodeBinaries(options: { readonly env?: NodeJS.ProcessEnv } = {}): NodeLookup {
  const env = options.env ?? process.env;
  const controlPlane = locateBinaries({ env });
  if (!controlPlane.found) return controlPlane;
  if (process.platform !== 'linux') return { found: false, reason: 'the test node runs on Linux only' };
  if (process.getuid?.() !== 0)
    return { found: false, reason: 'the test node runs as root (it creates namespaces, cgroups, mounts)' };
  const missingTools = hostTools.filter((tool) => !onPath(tool, env));
  if (missingTools.length > 0) {
    return { found: false, reason: `${missingTools.join(', ')} not on PATH (Debian: apt-get install iptables ipset)` };
  }
  const versions = readNodeVersions();
  const cacheRoot =
    env['CONSORTIUM_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'consortium-gitops');
  const bin = (dir: string, name: string) => join(cacheRoot, dir, 'bin', name);
  const toolsHash = toolsSourceHash();
  const toolsDir = join(cacheRoot, `node-tools-${toolsHash}`);
  const how = 'run test/node/build.sh (needs Go >= 1.26, gcc, libseccomp-dev and the Go module proxy)';
  const built = readImages(cacheRoot);
  if (built === undefined) return { found: false, reason: `test node images not built under ${cacheRoot}; ${how}` };
  const { images } = built;
  const image = (name: string): NodeImage => {
    const found = images.find((i) => i.ref.startsWith(`localhost/consortium-node/${name}:`));
    return found ?? { ref: `localhost/consortium-node/${name}:missing`, file: join(built.dir, `${name}.tar`) };
  };
  if (image('testbox').ref !== `localhost/consortium-node/testbox:${toolsHash}`) {
    return { found: false, reason: `test node images predate the sources in test/node/tools; ${how}` };
  }
  const binaries: NodeBinaries = {
    versions,
    controlPlane: controlPlane.binaries,
    kubelet: bin(`kube-node-${versions.kube}`, 'kubelet'),
    kubeProxy: bin(`kube-node-${versions.kube}`, 'kube-proxy'),
    kubeScheduler: bin(`kube-node-${versions.kube}`, 'kube-scheduler'),
    containerd: bin(`containerd-${versions.containerd}`, 'containerd'),
    containerdShim: bin(`containerd-${versions.containerd}`, 'containerd-shim-runc-v2'),
    ctr: bin(`containerd-${versions.containerd}`, 'ctr'),
    runc: bin(`runc-${versions.runc}`, 'runc'),
    cniBinDir: join(cacheRoot, `cni-plugins-${versions.cniPlugins}`, 'bin'),
    kubeRouter: isExecutable(bin(`kube-router-${versions.kubeRouter}`, 'kube-router'))
      ? bin(`kube-router-${versions.kubeRouter}`, 'kube-router')
      : undefined,
    apiRelay: join(toolsDir, 'bin', 'apirelay'),
    gatewayApiCrdDir: join(cacheRoot, `gateway-api-${versions.gatewayApi}`, 'crds'),
    images: {
      pause: image('pause'),
      coredns: image('coredns'),
      traefik: images.find((i) => i.ref.startsWith('localhost/consortium-node/traefik:')),
      localPathProvisioner: image('local-path-provisioner'),
      busybox: image('busybox'),
      testbox: image('testbox'),
      all: images,
    },
  };
  const files = [
    binaries.kubelet,
    binaries.kubeProxy,
    binaries.kubeScheduler,
    binaries.containerd,
    binaries.containerdShim,
    binaries.ctr,
    binaries.runc,
    ...['bridge', 'host-local', 'loopback', 'portmap'].map((p) => join(binaries.cniBinDir, p)),
    binaries.apiRelay,
    join(binaries.gatewayApiCrdDir, 'gateway.networking.k8s.io_tlsroutes.yaml'),
    ...Object.values(binaries.images)
      .filter((i): i is NodeImage => i !== undefined && !Array.isArray(i))
      .map((i) => i.file),
  ];
  const missing = files.filter((file) => !existsSync(file) || (file.includes('/bin/') && !isExecutable(file)));
  if (missing.length > 0) return { found: false, reason: `${missing.join(', ')} not found; ${how}` };
  return { found: true, binaries };
}

/**
 * The key of test/node/tools' build directory, computed as build.sh does:
 * `find . -type f (*.go, go.mod) | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12`.
 */
export function toolsSourceHash(dir = join(here, 'tools')): string {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const path = rel === '.' ? `./${entry.name}` : `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && (entry.name.endsWith('.go') || entry.name === 'go.mod')) files.push(path);
    }
  };
  walk('.');
  files.sort((x, y) => (Buffer.from(x) < Buffer.from(y) ? -1 : 1));
  const lines = files.map(
    (f) =>
      `${createHash('sha256')
        .update(readFileSync(join(dir, f)))
        .digest('hex')}  ${f}\n`,
  );
  return createHash('sha256').update(lines.join('')).digest('hex').slice(0, 12);
}

/**
 * images.list of the directory images.sh last built (node-images.current names it), followed by
 * the Fabric images fabric-images.sh last built (fabric-images.current), when there are any.
 */
function readImages(cacheRoot: string): { dir: string; images: NodeImage[] } | undefined {
  try {
    const dir = readFileSync(join(cacheRoot, 'node-images.current'), 'utf8').trim();
    const images = [...readImageList(dir), ...(readFabricImageDir(cacheRoot) ?? [])];
    // One entry per tarball: an archive holding several images (fabric-images.tar) is imported once.
    return { dir, images: images.filter((image, i) => images.findIndex((other) => other.file === image.file) === i) };
  } catch {
    return undefined;
  }
}

function readFabricImageDir(cacheRoot: string): NodeImage[] | undefined {
  try {
    return readImageList(readFileSync(join(cacheRoot, 'fabric-images.current'), 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** `<reference> <tarball>` lines, tarballs relative to `dir`. */
export function readImageList(dir: string): NodeImage[] {
  return readFileSync(join(dir, 'images.list'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [ref, file] = line.trim().split(/\s+/) as [string, string];
      return { ref, file: join(dir, file) };
    });
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
