// Memory of a test node, for bench/node.ts: what its processes hold (summed RSS, and the sum of
// each one's own peak, VmHWM) and what its memory cgroup was charged (cgroup v1 counters: rss
// and page cache, current and peak; the cgroup also holds the containers and shims).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupPids } from './cleanup.ts';
import { cgroupHierarchies } from './host.ts';

export interface ProcessMemory {
  readonly processes: number;
  /** Sum of VmRSS now. */
  readonly rssBytes: number;
  /** Sum of VmHWM: each process's own peak (an upper bound of the simultaneous peak). */
  readonly hwmBytes: number;
}

export function processMemory(cgroupPath: string): ProcessMemory {
  let rssBytes = 0;
  let hwmBytes = 0;
  let processes = 0;
  for (const pid of cgroupPids(cgroupPath)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rssBytes += kib(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
      hwmBytes += kib(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
      processes += 1;
    } catch {
      // Exited while looking.
    }
  }
  return { processes, rssBytes, hwmBytes };
}

export interface CgroupMemory {
  /** memory.usage_in_bytes: everything charged now (anonymous memory and page cache). */
  readonly usageBytes: number;
  /** memory.max_usage_in_bytes: the peak of the above since the cgroup was made. */
  readonly maxUsageBytes: number;
  /** memory.stat total_rss and total_cache (the subtree's anonymous memory and page cache). */
  readonly rssBytes: number;
  readonly cacheBytes: number;
}

/** The node cgroup's memory counters; undefined without a cgroup v1 memory hierarchy. */
export function cgroupMemory(cgroupPath: string): CgroupMemory | undefined {
  const memory = cgroupHierarchies().find((h) => h.version === 1 && h.mount.endsWith('/memory'));
  if (memory === undefined) return undefined;
  const dir = join(memory.mount, cgroupPath);
  const read = (file: string) => Number(readFileSync(join(dir, file), 'utf8').trim());
  const stat = readFileSync(join(dir, 'memory.stat'), 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
  return {
    usageBytes: read('memory.usage_in_bytes'),
    maxUsageBytes: read('memory.max_usage_in_bytes'),
    rssBytes: field('total_rss'),
    cacheBytes: field('total_cache'),
  };
}

function kib(value: string | undefined): number {
  return value === undefined ? 0 : Number(value) * 1024;
}
