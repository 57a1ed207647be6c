// The sweep of nodes whose runner and watchdog were both killed: only state files old enough,
// only when none of their processes is alive; what it removes is the node's directory and the
// state file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeCleanupState } from './cleanup.ts';
import { sweepStaleNodes } from './stale-nodes.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fixture(pids: number[], ageMs: number): { root: string; nodeDir: string; stateFile: string } {
  const root = mkdtempSync(join(tmpdir(), 'stale-nodes-'));
  dirs.push(root);
  const nodeDir = join(root, 'consortium-node-abc123');
  mkdirSync(join(nodeDir, 'logs'), { recursive: true });
  const state: NodeCleanupState = {
    pids,
    cgroupPath: `consortium-test-never-created-${process.pid}`,
    createdCgroupDirs: [],
    hostIf: 'cgnnothere',
    dirs: [nodeDir],
  };
  const stateFile = join(root, 'consortium-node-abc123.reaper.json');
  writeFileSync(stateFile, JSON.stringify(state));
  const when = new Date(Date.now() - ageMs);
  utimesSync(stateFile, when, when);
  return { root, nodeDir, stateFile };
}

// A pid that has certainly exited (a finished child's).
const deadPid = () => spawnSync('true').pid ?? 0;

describe('sweepStaleNodes', () => {
  it('removes the directory and state file of a node whose processes are all gone', async () => {
    const { root, nodeDir, stateFile } = fixture([deadPid()], 10 * 60_000);
    const notes = await sweepStaleNodes(root);
    expect(notes).toEqual([expect.stringContaining(`removed what a killed test node left (${nodeDir}`)]);
    expect(existsSync(nodeDir)).toBe(false);
    expect(existsSync(stateFile)).toBe(false);
  });

  it('leaves a node alone while one of its processes runs', async () => {
    const { root, nodeDir, stateFile } = fixture([deadPid(), process.pid], 10 * 60_000);
    expect(await sweepStaleNodes(root)).toEqual([]);
    expect(existsSync(nodeDir)).toBe(true);
    expect(existsSync(stateFile)).toBe(true);
  });

  it('does not touch a state file young enough to belong to a node still starting', async () => {
    const { root, nodeDir } = fixture([], 5_000);
    expect(await sweepStaleNodes(root)).toEqual([]);
    expect(existsSync(nodeDir)).toBe(true);
  });
});
