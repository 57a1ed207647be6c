// A private network and mount namespace for the native Fabric network. The consortium's nodes
// are addressed by the hostnames the repository derives (orderer0.<ingress domain>:443, the
// addresses block 0 carries for consenters and orderer endpoints), so the test must resolve those
// names and give every node port 443: inside the namespace each hostname gets its own loopback
// address (127.0.1.N) through a private /etc/hosts bind-mounted over the real one. Nothing
// outside the namespace sees either the addresses or the hosts file, and the namespace vanishes
// with its last process.
import { execFile, spawnSync } from 'node:child_process';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startProcess, type ManagedProcess, type StartProcessOptions } from '../cluster/processes.ts';
import { waitFor } from '../cluster/wait.ts';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly timeoutMs?: number;
  readonly input?: string;
}

export interface Sandbox {
  /** The process holding the namespaces open (its process group is stopped with the network). */
  readonly holder: ManagedProcess;
  /** Maps each hostname to a fresh loopback address; returns the address. */
  addHost(hostname: string): Promise<string>;
  addressOf(hostname: string): string;
  /** Starts a long-running process inside the namespaces (see startProcess). */
  start(options: StartProcessOptions & { readonly env: Readonly<Record<string, string>> }): ManagedProcess;
  /** Runs a command inside the namespaces to completion. Never throws for a non-zero exit. */
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** Why the namespaces cannot be created here, or undefined when they can. */
export function sandboxUnavailable(): string | undefined {
  for (const tool of ['unshare', 'nsenter', 'ip']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} (util-linux / iproute2) not found`;
  }
  const trial = spawnSync('unshare', [...userNamespaceArgs(), '--net', '--mount', 'ip', 'link', 'set', 'lo', 'up'], {
    encoding: 'utf8',
  });
  if (trial.status !== 0)
    return `cannot create a network namespace (unshare ${[...userNamespaceArgs(), '--net', '--mount'].join(' ')}): ${trial.stderr.trim()}`;
  return undefined;
}

const isRoot = () => process.getuid?.() === 0;
/** Without root, a user namespace in which this user is root owns the other two. */
const userNamespaceArgs = (): string[] => (isRoot() ? [] : ['--user', '--map-root-user']);

const holderScript = [
  'ip link set lo up',
  // The peer insists on one non-loopback IPv4 address to auto-detect (Fabric core/peer/config.go
  // getLocalAddress); a veth pair with both ends inside the namespace gives it one and leads
  // nowhere.
  'ip link add fabric0 type veth peer name fabric1',
  'ip addr add 10.254.0.1/30 dev fabric0',
  'ip link set fabric0 up',
  'ip link set fabric1 up',
  'mount --bind "$1" /etc/hosts',
  'echo $$ > "$2.tmp"',
  'mv "$2.tmp" "$2"',
  // The namespaces live as long as this process; stopping the network kills its group.
  'exec sleep 2147483647',
].join('\n');

export async function startSandbox(dir: string): Promise<Sandbox> {
  const hostsFile = join(dir, 'hosts');
  const pidFile = join(dir, 'sandbox.pid');
  await writeFile(hostsFile, '127.0.0.1 localhost\n::1 localhost\n');
  const holder = startProcess({
    name: 'network namespace',
    command: 'unshare',
    args: [
      ...userNamespaceArgs(),
      '--net',
      '--mount',
      '--fork',
      '--',
      'sh',
      '-ec',
      holderScript,
      'sandbox',
      hostsFile,
      pidFile,
    ],
    logFile: join(dir, 'sandbox.log'),
    cwd: dir,
  });
  let pid = 0;
  await waitFor({
    what: 'the network namespace',
    timeoutMs: 10_000,
    intervalMs: 50,
    check: async () => {
      pid = Number((await readFile(pidFile, 'utf8')).trim());
      return pid > 0;
    },
    failed: () => (holder.hasExited() ? 'unshare exited' : undefined),
  });
  const enter = (command: string, args: readonly string[]): string[] => [
    '--target',
    String(pid),
    ...(isRoot() ? [] : ['--user', '--preserve-credentials']),
    '--net',
    '--mount',
    '--',
    command,
    ...args,
  ];
  const addresses = new Map<string, string>();
  return {
    holder,
    async addHost(hostname) {
      const existing = addresses.get(hostname);
      if (existing !== undefined) return existing;
      const address = `127.0.1.${addresses.size + 1}`;
      addresses.set(hostname, address);
      // Appending keeps the file's inode, which is what the bind mount shows inside.
      await appendFile(hostsFile, `${address} ${hostname}\n`);
      return address;
    },
    addressOf(hostname) {
      const address = addresses.get(hostname);
      if (address === undefined) throw new Error(`${hostname} has no address in the test network`);
      return address;
    },
    start(options) {
      return startProcess({
        ...options,
        command: 'nsenter',
        args: enter(options.command, options.args),
        env: options.env,
      });
    },
    run(command, args, options = {}) {
      return new Promise((resolve) => {
        const child = execFile(
          'nsenter',
          enter(command, args),
          {
            env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...options.env },
            cwd: options.cwd,
            timeout: options.timeoutMs ?? 60_000,
            maxBuffer: 64 * 1024 * 1024,
            encoding: 'utf8',
          },
          (error, stdout, stderr) => {
            const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
            const killed = error?.killed === true ? `\n(killed after ${options.timeoutMs ?? 60_000}ms)` : '';
            resolve({ code, stdout, stderr: stderr + killed });
          },
        );
        if (options.input !== undefined) child.stdin?.end(options.input);
        else child.stdin?.end();
      });
    },
  };
}
