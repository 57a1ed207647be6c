// What a stopped test node must not leave on the machine: processes, mounts, namespaces, links,
// iptables rules, ipsets, cgroups, files. Used by the node project's global teardown (a run
// with leftovers fails) and by the lifecycle suite.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupHierarchies } from './host.ts';
import type { NodeFootprint } from './node.ts';

export function leftovers(footprint: NodeFootprint): string[] {
  const problems: string[] = [];
  if (existsSync(footprint.dir)) problems.push(`directory ${footprint.dir} still exists`);
  if (existsSync(`/sys/class/net/${footprint.hostIf}`)) problems.push(`link ${footprint.hostIf} still exists`);
  for (const line of readFileSync('/proc/self/mountinfo', 'utf8').split('\n')) {
    if (line.includes(footprint.dir) || line.includes('consortium-node-run') || line.includes(footprint.netnsInode)) {
      problems.push(`mount left: ${line}`);
    }
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const net = readlinkSync(`/proc/${pid}/ns/net`);
      const mnt = readlinkSync(`/proc/${pid}/ns/mnt`);
      if (net === footprint.netnsInode || mnt === footprint.mountnsInode) {
        problems.push(
          `process ${pid} (${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}) still in the node's namespaces`,
        );
      } else if (readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(footprint.cgroupPath)) {
        problems.push(`process ${pid} still in the node's cgroup`);
      }
    } catch {
      // Exited while looking.
    }
  }
  for (const h of cgroupHierarchies()) {
    if (existsSync(join(h.mount, footprint.cgroupPath)))
      problems.push(`cgroup ${join(h.mount, footprint.cgroupPath)} still exists`);
  }
  // The node's rules live in its own network namespace; the host's tables never get any.
  const rules = execFileSync('iptables-save', { encoding: 'utf8' });
  for (const marker of ['KUBE-', 'CNI-', 'KUBE-ROUTER']) {
    if (rules.includes(marker)) problems.push(`host iptables has ${marker} rules`);
  }
  const sets = execFileSync('ipset', ['list', '-n'], { encoding: 'utf8' });
  if (/KUBE|kube/.test(sets)) problems.push(`host ipsets left: ${sets.trim()}`);
  return problems;
}
