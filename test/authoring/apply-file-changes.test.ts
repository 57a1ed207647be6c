import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyFileChanges } from '../../tools/src/authoring/apply-file-changes.ts';
import { createFileChanges, overlayReader } from '../../tools/src/authoring/file-changes.ts';
import type { RepoReader } from '../../tools/src/adapters/repo-reader.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
  }
});

function tree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(out, tree(dir, rel), { [`${rel}/`]: '' });
    else out[rel] = readFileSync(join(dir, rel), 'utf8');
  }
  return out;
}

function makeRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apply-changes-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'orgs/a/msp'), { recursive: true });
  writeFileSync(join(dir, 'orgs/a/org.yaml'), 'id: a\n');
  writeFileSync(join(dir, 'orgs/a/msp/ca.pem'), 'pem\n');
  mkdirSync(join(dir, 'channels/c'), { recursive: true });
  writeFileSync(join(dir, 'channels/c/channel.yaml'), 'members: [a]\n');
  return dir;
}

describe('applyFileChanges', () => {
  it('writes, replaces and deletes, and removes folders the deletions emptied', async () => {
    const dir = makeRepo();
    const applied = await applyFileChanges(
      dir,
      createFileChanges(
        [
          ['channels/c/channel.yaml', 'members: []\n'],
          ['orgs/b/msp/ca.pem', 'b\n'],
        ],
        ['orgs/a/org.yaml', 'orgs/a/msp/ca.pem'],
      ),
    );
    expect(applied.written).toEqual(['channels/c/channel.yaml', 'orgs/b/msp/ca.pem']);
    expect(tree(dir)).toEqual({
      'channels/': '',
      'channels/c/': '',
      'channels/c/channel.yaml': 'members: []\n',
      'orgs/': '',
      'orgs/b/': '',
      'orgs/b/msp/': '',
      'orgs/b/msp/ca.pem': 'b\n',
    });
  });

  it('leaves the tree exactly as it was when a write fails half-way', async () => {
    const dir = makeRepo();
    const before = tree(dir);
    // Writes go in path order; the last one cannot succeed (its parent is a file), after a new
    // folder was created and two existing files were replaced.
    const changes = createFileChanges(
      [
        ['channels/c/channel.yaml', 'x\n'],
        ['orgs/0new/deep/org.yaml', 'id: new\n'],
        ['orgs/a/org.yaml', 'id: a2\n'],
        ['orgs/a/org.yaml/child', 'x\n'],
      ],
      ['orgs/a/msp/ca.pem'],
    );
    await expect(applyFileChanges(dir, changes)).rejects.toThrow();
    expect(tree(dir)).toEqual(before);
  });

  it('refuses a path that leaves the repository', async () => {
    const dir = makeRepo();
    await expect(applyFileChanges(dir, createFileChanges([['../escape.txt', 'x']]))).rejects.toThrow(
      /outside the repository/,
    );
    expect(existsSync(join(dir, '..', 'escape.txt'))).toBe(false);
  });
});

describe('overlayReader', () => {
  it('shows the repository as it will be, without touching the base', async () => {
    const files = new Map([
      ['a.yaml', 'a'],
      ['b.yaml', 'b'],
    ]);
    const base: RepoReader = {
      description: 'base',
      listFiles: () =>
        Promise.resolve([...files].map(([path, text]) => ({ path, kind: 'file' as const, size: text.length }))),
      readFile: (path) => Promise.resolve(Buffer.from(files.get(path) ?? '')),
    };
    const overlay = overlayReader(
      base,
      createFileChanges(
        [
          ['c.yaml', 'cc'],
          ['a.yaml', 'A!'],
        ],
        ['b.yaml'],
      ),
    );
    expect((await overlay.listFiles()).map((e) => e.path)).toEqual(['a.yaml', 'c.yaml']);
    expect((await overlay.readFile('a.yaml')).toString()).toBe('A!');
    await expect(overlay.readFile('b.yaml')).rejects.toThrow(/no such file/);
    expect(files.get('a.yaml')).toBe('a');
  });
});
