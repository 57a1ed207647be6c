// A test process that dies without teardown (SIGKILL) leaves no Fabric process and no directory
// behind: the detached reaper of test/cluster/ ends the network's process groups (the namespace
// with them) and removes its directories.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../cluster/wait.ts';
import { fabricNetworkAvailability } from './availability.ts';

const availability = fabricNetworkAvailability('native Fabric network clean-up after a crash (*.fabric.test.ts)');
const here = dirname(fileURLToPath(import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(!availability.available)('native Fabric network after its owner is killed', () => {
  it('the reaper ends every node and removes every directory', async () => {
    const owner = spawn(process.execPath, ['--import', 'tsx', join(here, 'start-and-hold.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: owner.stdout }).once('line', resolve);
      owner.once('exit', (code) => reject(new Error(`the owner exited (${String(code)}) before the network was up`)));
    });
    const made = JSON.parse(first) as { pids: number[]; dirs: string[] };
    expect(made.pids.length).toBe(7);
    for (const pid of made.pids) expect(alive(pid)).toBe(true);
    owner.kill('SIGKILL');
    await waitFor({
      what: 'the reaper to clean up after the killed owner',
      timeoutMs: 20_000,
      check: () => Promise.resolve(made.pids.every((pid) => !alive(pid)) && made.dirs.every((d) => !existsSync(d))),
    });
  });
});
