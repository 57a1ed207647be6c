// Undoes a test node, from the normal teardown and from the reaper (node-reaper.ts) when the
// runner died first. Idempotent: every step tolerates what is already gone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupHierarchies, cgroupTree, removeCgroupDir } from './host.ts';

export interface NodeCleanupState {
  /** Process group ids of everything the harness started (holder, daemons, relay). */
  readonly pids: readonly number[];
  /** The node's cgroup path (same in every hierarchy). */
  readonly cgroupPath: string;
  /** cgroup directories the harness created above the node's own (to remove when empty). */
  readonly createdCgroupDirs: readonly string[];
  /** Host end of the node's veth pair. */
  readonly hostIf: string;
  readonly dirs: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

/** Pids of every process in the node's cgroup subtree (any hierarchy). */
export function cgroupPids(cgroupPath: string): number[] {
  const pids = new Set<number>();
  for (const h of cgroupHierarchies()) {
    for (const dir of cgroupTree(join(h.mount, cgroupPath))) {
      try {
        for (const line of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) {
          const pid = Number(line);
          if (Number.isInteger(pid) && pid > 0) pids.add(pid);
        }
      } catch {
        // Removed meanwhile.
      }
    }
  }
  return [...pids];
}

export async function cleanupNode(state: NodeCleanupState): Promise<string[]> {
  const problems: string[] = [];
  for (const pid of state.pids) kill(-pid, 'SIGKILL');
  // Containers and shims are not in those process groups; the cgroup subtree has them all.
  for (let round = 0; round < 100; round += 1) {
    const pids = cgroupPids(state.cgroupPath);
    if (pids.length === 0) break;
    for (const pid of pids) kill(pid, 'SIGKILL');
    await sleep(50);
  }
  const left = cgroupPids(state.cgroupPath);
  if (left.length > 0) problems.push(`processes still in the node's cgroup: ${left.join(', ')}`);
  // With its last process gone the network namespace goes, and the veth pair with it.
  for (let round = 0; round < 100 && linkExists(state.hostIf); round += 1) await sleep(50);
  if (linkExists(state.hostIf)) {
    try {
      execFileSync('ip', ['link', 'del', state.hostIf], { stdio: 'ignore' });
    } catch {
      problems.push(`could not delete link ${state.hostIf}`);
    }
  }
  for (const h of cgroupHierarchies()) {
    for (const dir of cgroupTree(join(h.mount, state.cgroupPath))) {
      try {
        removeCgroupDir(dir);
      } catch (error) {
        problems.push(`rmdir ${dir}: ${(error as Error).message}`);
      }
    }
  }
  for (const dir of [...state.createdCgroupDirs].reverse()) {
    try {
      if (existsSync(dir)) removeCgroupDir(dir);
    } catch {
      // Someone else uses it now; it was only a parent.
    }
  }
  for (const dir of state.dirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      problems.push(`rm -rf ${dir}: ${(error as Error).message}`);
    }
  }
  return problems;
}

function linkExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}
