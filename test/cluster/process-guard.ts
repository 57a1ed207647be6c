// Keeps the control plane's processes from outliving the process that started them.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { killGroup, type ManagedProcess } from './processes.ts';

/** Every running component of every control plane started by this process. */
export const live = new Set<ManagedProcess>();
let exitHooksInstalled = false;

/**
 * Starts the detached watchdog (reaper.mjs) that cleans up after this process if it dies
 * without teardown, even by SIGKILL, which no handler here can catch.
 */
export function startReaper(stateFile: string): void {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'reaper.mjs');
  const child = spawn(process.execPath, [script, String(process.pid), stateFile], { detached: true, stdio: 'ignore' });
  child.unref();
}

/**
 * Last line of defence when the runner is interrupted or exits without teardown: kill every
 * component's process group synchronously ('exit' handlers cannot wait).
 */
export function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  const killAll = () => {
    for (const proc of live) killGroup(proc.pid, 'SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      // Keep the default behaviour (terminate) unless someone else handles the signal.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
