// The member's Fabric CA run natively on loopback from its rendered StatefulSet: the container's
// command and environment exactly as rendered, with each mounted volume replaced by a directory
// of this run (Secrets written as files from the Secret manifests `org secrets` produced), the
// Secret-sourced environment resolved from the same manifests, and only the listen addresses
// moved to free loopback ports. start() returns a handle whose stop() ends the server's process
// group and removes its files; the exit hooks of test/cluster do the same when the test process
// exits, and its detached reaper when the test process is killed.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { installExitHooks, live, startReaper } from '../cluster/process-guard.ts';
import { findFreePorts } from '../cluster/ports.ts';
import { startProcess, stopProcess, tailLog } from '../cluster/processes.ts';
import { waitFor } from '../cluster/wait.ts';

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}
interface Container {
  readonly command: readonly string[];
  readonly env?: readonly EnvVar[];
  readonly volumeMounts?: readonly { readonly name: string; readonly mountPath: string }[];
}
interface Volume {
  readonly name: string;
  readonly secret?: { readonly secretName: string };
  readonly configMap?: { readonly name: string };
}

export interface NativeFabricCa {
  readonly port: number;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Secret manifests by name: `data` base64 as the API stores it. */
export type SecretsByName = ReadonlyMap<string, KubeObject>;

export function secretValue(secrets: SecretsByName, name: string, key: string): string {
  const data = secrets.get(name)?.['data'] as Record<string, string> | undefined;
  const value = data?.[key];
  if (value === undefined) throw new Error(`Secret ${name} has no key ${key}`);
  return Buffer.from(value, 'base64').toString('utf8');
}

export function podContainer(workload: KubeObject): { container: Container; volumes: Volume[] } {
  const spec = (workload['spec'] as unknown as { template: { spec: { containers: Container[]; volumes?: Volume[] } } })
    .template.spec;
  const container = spec.containers[0];
  if (container === undefined) throw new Error(`${workload.kind} ${workload.metadata.name} has no container`);
  return { container, volumes: spec.volumes ?? [] };
}

/**
 * Each volume mount as a directory of `root`; Secret volumes filled from `secrets`. Returns the
 * mount paths with their directories, longest first (so nested paths are replaced first).
 */
export function materializeMounts(
  root: string,
  container: Container,
  volumes: readonly Volume[],
  secrets: SecretsByName,
  configMaps: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map(),
): [string, string][] {
  const mounts: [string, string][] = [];
  for (const mount of container.volumeMounts ?? []) {
    const dir = join(root, mount.name);
    mkdirSync(dir, { recursive: true });
    const volume = volumes.find((v) => v.name === mount.name);
    const secretName = volume?.secret?.secretName;
    if (secretName !== undefined) {
      const data = (secrets.get(secretName)?.['data'] ?? {}) as Record<string, string>;
      if (secrets.get(secretName) === undefined) throw new Error(`no Secret ${secretName} for volume ${mount.name}`);
      for (const [key, value] of Object.entries(data))
        writeFileSync(join(dir, key), Buffer.from(value, 'base64'), { mode: 0o600 });
    }
    const configMap = volume?.configMap?.name;
    if (configMap !== undefined) {
      for (const [key, value] of Object.entries(configMaps.get(configMap) ?? {})) writeFileSync(join(dir, key), value);
    }
    mounts.push([mount.mountPath, dir]);
  }
  return mounts.sort((a, b) => b[0].length - a[0].length);
}

/** Every mount path in `text` replaced by its directory, in one pass (a directory may lie under /tmp). */
export function replaceMounts(text: string, mounts: readonly [string, string][]): string {
  if (mounts.length === 0) return text;
  const escaped = mounts.map(([path]) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${escaped.join('|')})(?=/|$|[^A-Za-z0-9_.-])`, 'g');
  const dirs = new Map(mounts);
  return text.replace(pattern, (path) => dirs.get(path) ?? path);
}

/** The container's environment: literal values with mount paths replaced, Secret keys resolved. */
export function resolveEnv(
  container: Container,
  secrets: SecretsByName,
  mounts: readonly [string, string][],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    env[e.name] = ref === undefined ? replaceMounts(e.value ?? '', mounts) : secretValue(secrets, ref.name, ref.key);
  }
  return env;
}

export async function startFabricCa(options: {
  /** The rendered StatefulSet `ca-<org>`. */
  readonly statefulSet: KubeObject;
  readonly secrets: SecretsByName;
  /** Directory holding fabric-ca-server. */
  readonly binDir: string;
}): Promise<NativeFabricCa> {
  const root = mkdtempSync(join(tmpdir(), 'fabric-ca-'));
  const { container, volumes } = podContainer(options.statefulSet);
  const mounts = materializeMounts(root, container, volumes, options.secrets);
  const [port = 0, operations = 0] = await findFreePorts(2);
  const env = {
    ...resolveEnv(container, options.secrets, mounts),
    // Only where it listens changes: loopback, free ports.
    FABRIC_CA_SERVER_ADDRESS: '127.0.0.1',
    FABRIC_CA_SERVER_PORT: String(port),
    FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `127.0.0.1:${operations}`,
    PATH: `${options.binDir}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
  };
  const [shell = '', ...args] = container.command;
  installExitHooks();
  const logFile = join(root, 'fabric-ca-server.log');
  const proc = startProcess({ name: 'fabric-ca-server', command: shell, args, logFile, cwd: root, env });
  live.add(proc);
  // The reaper ends the group and removes the directory if this process dies without stop();
  // stop() removes the state file with the directory, which ends the reaper.
  const stateFile = join(root, 'reaper-state.json');
  writeFileSync(`${stateFile}.tmp`, JSON.stringify({ pids: [proc.pid], dirs: [root] }));
  renameSync(`${stateFile}.tmp`, stateFile);
  startReaper(stateFile);
  const stop = async () => {
    await stopProcess(proc);
    live.delete(proc);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitFor({
      what: 'fabric-ca-server',
      timeoutMs: 60_000,
      check: async () => (await fetch(`http://127.0.0.1:${operations}/healthz`)).ok,
      failed: () => (proc.hasExited() ? 'exited' : undefined),
      logTail: () => tailLog(logFile),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, logFile, stop };
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}
