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
  // The node's rules and sets live in its own network namespace (kube-proxy's KUBE-*, the CNI
  // plugins' CNI-*, kube-router's KUBE-ROUTER-* / KUBE-NWPLCY-* / KUBE-POD-FW-* and its KUBE-SRC-*,
  // KUBE-DST-* ipsets); the host's tables never get any. Both iptables back ends and IPv6 are
  // read: a rule that escaped would land in whichever one the tool on PATH uses.
  for (const save of ['iptables-nft-save', 'iptables-legacy-save', 'ip6tables-nft-save', 'ip6tables-legacy-save']) {
    const rules = readTool(save, []);
    if (rules === undefined) continue;
    for (const marker of ['KUBE-', 'CNI-']) {
      if (rules.includes(marker)) problems.push(`host ${save} shows ${marker} rules`);
    }
  }
  const sets = (readTool('ipset', ['list', '-n']) ?? '').split('\n').filter((name) => /KUBE|kube/.test(name));
  if (sets.length > 0) problems.push(`host ipsets left: ${sets.join(', ')}`);
  return problems;
}

/** A tool's output, or undefined when it is not installed (e.g. no legacy iptables). */
function readTool(command: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync(command, [...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `/usr/sbin:/sbin:${process.env['PATH'] ?? '/usr/bin:/bin'}` },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
