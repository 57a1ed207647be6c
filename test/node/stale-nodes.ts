// A node whose runner and watchdog were killed together (a CI job or shell killed as a whole
// takes the detached watchdog with it) leaves its state file, directory and empty cgroups
// behind. The next node start finishes that cleanup, for nodes whose every process is gone; a
// node with a process still alive is someone's and is left alone.
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupPids, cleanupNode, type NodeCleanupState } from './cleanup.ts';

/** State files younger than this may belong to a node still starting (no pid recorded yet). */
const minimumAgeMs = 120_000;

export async function sweepStaleNodes(dir = tmpdir(), now = Date.now()): Promise<string[]> {
  const notes: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!/^consortium-node-[A-Za-z0-9]+\.reaper\.json$/.test(name)) continue;
    const file = join(dir, name);
    let state: NodeCleanupState;
    try {
      if (now - statSync(file).mtimeMs < minimumAgeMs) continue;
      state = JSON.parse(readFileSync(file, 'utf8')) as NodeCleanupState;
    } catch {
      continue;
    }
    // A live process: someone's node, running; not ours to touch or to talk about.
    if (state.pids.some(alive) || cgroupPids(state.cgroupPath).length > 0) continue;
    // No pids: every one recorded is gone, and a reused number must never be signalled.
    const problems = await cleanupNode({ ...state, pids: [] });
    if (problems.length === 0) {
      rmSync(file, { force: true });
      notes.push(`removed what a killed test node left (${state.dirs.join(', ')}, cgroup ${state.cgroupPath})`);
    } else {
      notes.push(`${file}: ${problems.join('; ')}`);
    }
  }
  return notes;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
