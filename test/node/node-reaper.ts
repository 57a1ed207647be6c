// Watchdog of a test node, started detached by node.ts:
//   node --import tsx test/node/node-reaper.ts <owner-pid> <state-file>
// If the owner dies without tearing the node down (SIGKILL, crash), it runs cleanupNode on the
// last recorded state. A normal teardown deletes the state file and the reaper exits.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cleanupNode, type NodeCleanupState } from './cleanup.ts';

const [ownerArg, stateFile] = process.argv.slice(2);
const owner = Number(ownerArg);
if (!Number.isInteger(owner) || stateFile === undefined) process.exit(2);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

let last: NodeCleanupState | undefined;
const timer = setInterval(() => {
  if (!existsSync(stateFile)) process.exit(0);
  try {
    last = JSON.parse(readFileSync(stateFile, 'utf8')) as NodeCleanupState;
  } catch {
    // Being rewritten; keep the previous state.
  }
  if (alive(owner) || last === undefined) return;
  clearInterval(timer);
  void cleanupNode(last).then(() => {
    rmSync(stateFile, { force: true });
    process.exit(0);
  });
}, 500);
