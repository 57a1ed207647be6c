// What the test node takes from the machine, and how it gives it back. The node lives in
//  - a network namespace of its own (pod bridge, veths, kube-proxy's and kube-router's iptables
//    rules and ipsets, sysctls all live and die there), joined to the host by one veth pair whose
//    host end is the only thing in the host's namespace;
//  - a private mount namespace (overlay, tmpfs, netns and volume mounts of containerd and the
//    kubelet never reach the host's mount table; /run and /var/log are the node's own there);
//  - one cgroup subtree per hierarchy, below the runner's own cgroup, holding every node process.
// A holder process keeps both namespaces alive; when it and everything in the subtree are gone,
// the kernel removes the namespaces and all they contain.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function run(command: string, args: readonly string[], input?: string): string {
  try {
    return execFileSync(command, [...args], {
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(input === undefined ? {} : { input }),
      env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env['PATH'] ?? '/usr/bin:/bin'}` },
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')}: ${(e.stderr ?? '').trim() || e.message}`);
  }
}

/** Runs a command inside the node's network (and mount) namespace. */
export function inNode(holderPid: number, command: string, args: readonly string[], input?: string): string {
  return run('nsenter', ['-t', String(holderPid), '-n', '-m', '--', command, ...args], input);
}

/** Shell run by the holder: the node's own /run and /var/log, then mounts propagate inside only. */
export function holderScript(dir: string): string {
  assertSafePath(dir);
  return [
    'set -e',
    `mount -t tmpfs -o mode=0755 consortium-node-run /run`,
    `mount --bind ${dir}/var-log /var/log`,
    // Shared inside the namespace (the kubelet needs it for mount propagation); the namespace was
    // made private first, so nothing propagates back to the host.
    'mount --make-rshared /',
    'exec sleep infinity',
  ].join('\n');
}

export function holderCommand(dir: string): { command: string; args: string[] } {
  return {
    command: 'unshare',
    args: ['--net', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', holderScript(dir)],
  };
}

/** The veth pair, addresses, routes and sysctls of the node's network namespace. */
export function setUpNetwork(holderPid: number, hostIf: string, hostIp: string, nodeIp: string, podCidr: string): void {
  run('ip', ['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', String(holderPid)]);
  run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', hostIf]);
  run('ip', ['link', 'set', hostIf, 'up']);
  const node = (...args: string[]) => inNode(holderPid, 'ip', args);
  node('link', 'set', 'lo', 'up');
  node('addr', 'add', `${nodeIp}/30`, 'dev', 'eth0');
  node('link', 'set', 'eth0', 'up');
  // Everything without a more specific route (service IPs before DNAT, anything outside the
  // node) goes to a dummy device and is dropped there: locally sent packets to a ClusterIP still
  // find a route, so kube-proxy's OUTPUT rules can rewrite them, and no pod packet leaves.
  node('link', 'add', 'blackhole0', 'type', 'ifb');
  node('link', 'set', 'blackhole0', 'up');
  node('route', 'add', 'default', 'dev', 'blackhole0');
  inNode(holderPid, 'sysctl', ['-q', '-w', 'net.ipv4.ip_forward=1']);
  inNode(holderPid, 'sysctl', ['-q', '-w', 'net.ipv4.conf.all.route_localnet=1']);
  inNode(holderPid, 'sysctl', ['-q', '-w', 'net.bridge.bridge-nf-call-iptables=1']);
  // Pods reach the host end of the veth only through the node's own address; never directly.
  inNode(holderPid, 'iptables', ['-t', 'raw', '-A', 'PREROUTING', '-s', podCidr, '-d', hostIp, '-j', 'DROP']);
}

// --- cgroups ------------------------------------------------------------------------------------

export interface CgroupHierarchy {
  /** Mount point, e.g. /sys/fs/cgroup/memory */
  readonly mount: string;
  readonly version: 1 | 2;
}

export function cgroupHierarchies(): CgroupHierarchy[] {
  const result: CgroupHierarchy[] = [];
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    const [left, right] = line.split(' - ');
    if (left === undefined || right === undefined) continue;
    const fsType = right.split(' ')[0];
    const mountPoint = left.split(' ')[4];
    if (mountPoint === undefined) continue;
    if (fsType === 'cgroup') result.push({ mount: mountPoint, version: 1 });
    else if (fsType === 'cgroup2') result.push({ mount: mountPoint, version: 2 });
  }
  return result;
}

/**
 * The node's cgroup path, one path for every hierarchy (the kubelet's cgroupfs driver uses one):
 * below the runner's memory cgroup, so whatever accounts for the runner's memory also sees the node.
 */
export function nodeCgroupPath(id: string): string {
  let parent = '';
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').split('\n')) {
    const [, controllers, path] = line.split(':');
    if (controllers?.split(',').includes('memory') === true && path !== undefined) parent = path;
  }
  return `${parent.replace(/^\/+|\/+$/g, '')}/consortium-node-${id}`.replace(/^\//, '');
}

/** Creates the path in every hierarchy; returns the directories created (deepest last). */
export function createCgroups(path: string): string[] {
  const created: string[] = [];
  for (const h of cgroupHierarchies()) {
    let current = h.mount;
    for (const part of path.split('/')) {
      const parent = current;
      current = join(current, part);
      if (existsSync(current)) continue;
      mkdirSync(current);
      created.push(current);
      // A v1 cpuset child starts empty and accepts no task until it has cpus and mems.
      if (h.version === 1 && h.mount.endsWith('/cpuset')) {
        for (const file of ['cpuset.cpus', 'cpuset.mems']) {
          writeFileSync(join(current, file), readFileSync(join(parent, file), 'utf8'));
        }
      }
    }
  }
  return created;
}

/** The cgroup.procs files a process writes its pid to, to join the node's cgroup everywhere. */
export function cgroupProcsFiles(path: string, sub: string): string[] {
  return cgroupHierarchies().map((h) => join(h.mount, path, sub, 'cgroup.procs'));
}

export function createSubCgroup(path: string, sub: string): void {
  for (const h of cgroupHierarchies()) {
    const dir = join(h.mount, path, sub);
    if (existsSync(dir)) continue;
    mkdirSync(dir, { recursive: true });
    if (h.version === 1 && h.mount.endsWith('/cpuset')) {
      for (const file of ['cpuset.cpus', 'cpuset.mems']) {
        writeFileSync(join(dir, file), readFileSync(join(h.mount, path, file), 'utf8'));
      }
    }
  }
}

export function assertSafePath(path: string): void {
  if (!/^[A-Za-z0-9_./-]+$/.test(path)) throw new Error(`unexpected characters in path ${path}`);
}

/** Lists the directories below (and including) dir, deepest first. */
export function cgroupTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...cgroupTree(join(dir, entry.name)));
  }
  out.push(dir);
  return out;
}

export function removeCgroupDir(dir: string): void {
  rmdirSync(dir);
}
