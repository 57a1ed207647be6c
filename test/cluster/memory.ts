import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resident memory (bytes) of every process in the given process groups, read from /proc.
 * Linux only; elsewhere it returns 0.
 */
export function measureGroupRss(groups: readonly number[]): number {
  const wanted = new Set(groups);
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the parenthesised command name: state ppid pgrp ...
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!wanted.has(Number(fields[2]))) continue;
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
      if (match?.[1] !== undefined) total += Number(match[1]) * 1024;
    } catch {
      // The process went away while we looked.
    }
  }
  return total;
}
