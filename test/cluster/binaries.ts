// Where the control-plane binaries are: test/cluster/versions.env names the versions,
// test/cluster/build.sh puts them under the cache, CONSORTIUM_KUBE_BIN_DIR overrides the lot
// (one directory holding kube-apiserver, kube-controller-manager and etcd).
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ControlPlaneVersions {
  readonly kube: string;
  readonly etcd: string;
}

export interface ControlPlaneBinaries {
  readonly versions: ControlPlaneVersions;
  readonly kubeApiserver: string;
  readonly kubeControllerManager: string;
  readonly etcd: string;
}

export type BinaryLookup =
  | { readonly found: true; readonly binaries: ControlPlaneBinaries }
  | { readonly found: false; readonly reason: string };

const here = dirname(fileURLToPath(import.meta.url));
export const buildScript = join(here, 'build.sh');

export function readVersions(file = join(here, 'versions.env')): ControlPlaneVersions {
  const values = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(\S+)\s*$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values.set(match[1], match[2]);
  }
  const kube = values.get('KUBE_VERSION');
  const etcd = values.get('ETCD_VERSION');
  if (kube === undefined || etcd === undefined) throw new Error(`${file} must set KUBE_VERSION and ETCD_VERSION`);
  return { kube, etcd };
}

export interface LocateOptions {
  readonly env?: NodeJS.ProcessEnv;
}

export function locateBinaries(options: LocateOptions = {}): BinaryLookup {
  const env = options.env ?? process.env;
  const versions = readVersions();
  const override = env['CONSORTIUM_KUBE_BIN_DIR'];
  const cacheRoot =
    env['CONSORTIUM_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'consortium-gitops');
  const kubeDir = override ?? join(cacheRoot, `kube-${versions.kube}`, 'bin');
  const etcdDir = override ?? join(cacheRoot, `etcd-${versions.etcd}`, 'bin');
  const binaries: ControlPlaneBinaries = {
    versions,
    kubeApiserver: join(kubeDir, 'kube-apiserver'),
    kubeControllerManager: join(kubeDir, 'kube-controller-manager'),
    etcd: join(etcdDir, 'etcd'),
  };
  const missing = [binaries.kubeApiserver, binaries.kubeControllerManager, binaries.etcd].filter(
    (file) => !isExecutable(file),
  );
  if (missing.length > 0) {
    const how =
      override === undefined
        ? `run test/cluster/build.sh (needs Go >= 1.26 and the Go module proxy) to build Kubernetes ${versions.kube} and etcd ${versions.etcd}`
        : 'CONSORTIUM_KUBE_BIN_DIR must hold kube-apiserver, kube-controller-manager and etcd';
    return { found: false, reason: `${missing.join(', ')} not found; ${how}` };
  }
  return { found: true, binaries };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
