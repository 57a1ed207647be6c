// Child processes of the test control plane. Each runs in its own process group (detached) with
// its output in a log file, so stopping it takes its whole group and a failure can quote the log.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves when the process has exited (for whatever reason). */
  readonly exited: Promise<number | null>;
  hasExited(): boolean;
  /** Lets the pending exit keep the event loop alive (children are unreferenced otherwise). */
  ref(): void;
}

export interface StartProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly cwd: string;
  /** Added to the minimal environment (PATH, HOME) every component starts with. */
  readonly env?: Readonly<Record<string, string>>;
}

export function startProcess(options: StartProcessOptions): ManagedProcess {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', log, log],
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? options.cwd, ...options.env },
    });
  } finally {
    closeSync(log);
  }
  // A detached child must not keep the test runner alive, and the runner must not wait on it.
  child.unref();
  let done = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? (signal === null ? null : -1));
    });
    child.once('error', () => {
      done = true;
      resolve(null);
    });
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  return {
    name: options.name,
    pid: child.pid,
    logFile: options.logFile,
    exited,
    hasExited: () => done,
    ref: () => child.ref(),
  };
}

/** SIGTERM to the process group, SIGKILL after graceMs; resolves once the leader has exited. */
export async function stopProcess(proc: ManagedProcess, graceMs = 5_000): Promise<void> {
  if (proc.hasExited()) {
    killGroup(proc.pid, 'SIGKILL');
    return;
  }
  // Without this the loop may end between the SIGKILL timer and the exit notification.
  proc.ref();
  killGroup(proc.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
  // Anything the leader left behind in its group goes too.
  killGroup(proc.pid, 'SIGKILL');
}

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export function tailLog(logFile: string, lines = 30): string {
  try {
    const all = readFileSync(logFile, 'utf8').trimEnd().split('\n');
    return all.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
