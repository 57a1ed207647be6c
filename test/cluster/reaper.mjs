#!/usr/bin/env node
// Watchdog for the test control plane, started detached by the harness:
//   node reaper.mjs <owner-pid> <state-file>
// The state file lists the process groups and directories of a running harness. If the owner
// dies without tearing down (SIGKILL, crash), the reaper kills those groups and removes the
// directories. When the harness tears down normally it deletes the state file and the reaper exits.
import { readFileSync, rmSync, existsSync } from 'node:fs';
import { setInterval } from 'node:timers';

const [ownerArg, stateFile] = process.argv.slice(2);
const owner = Number(ownerArg);
if (!Number.isInteger(owner) || stateFile === undefined) process.exit(2);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
};

let last = { pids: [], dirs: [] };
const tick = () => {
  if (!existsSync(stateFile)) process.exit(0);
  try {
    last = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch {
    // Being rewritten; keep the previous state.
  }
  if (alive(owner)) return;
  for (const pid of last.pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  for (const dir of last.dirs) rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
setInterval(tick, 500);
