import { afterEach, describe, expect, it } from 'vitest';
import { openGitRepository } from '../../tools/src/adapters/git.ts';
import { createGitRepo, type TempGitRepo } from '../support/git-repo.ts';

let repo: TempGitRepo;
afterEach(() => repo.remove());

describe('git adapter: a revision as a RepoReader, without checkout', () => {
  it('lists every file of the revision, sorted, with sizes and symlink targets', async () => {
    repo = createGitRepo();
    const base = repo.commit({
      branch: 'main',
      files: { 'b.txt': 'bee\n', 'a/ü space.md': 'ü\n', link: { symlink: 'a/ü space.md' } },
    });
    repo.commit({ branch: 'main', files: { 'b.txt': 'changed later\n' } });
    const reader = await openGitRepository(repo.dir).readerAt(base);
    expect(await reader.listFiles()).toEqual([
      { path: 'a/ü space.md', kind: 'file', size: 3 },
      { path: 'b.txt', kind: 'file', size: 4 },
      { path: 'link', kind: 'symlink', target: 'a/ü space.md' },
    ]);
    expect((await reader.readFile('b.txt')).toString()).toBe('bee\n');
    expect(reader.description).toMatch(/^[0-9a-f]{40}@[0-9a-f]{7}$/);
  });

  it('reads binary content byte for byte and refuses paths that are not regular files', async () => {
    repo = createGitRepo();
    const bytes = Buffer.from([0, 1, 2, 255, 10, 0]);
    const head = repo.commit({ branch: 'main', files: { 'bin.dat': bytes, l: { symlink: '/etc/passwd' } } });
    const reader = await openGitRepository(repo.dir).readerAt(head);
    expect(await reader.readFile('bin.dat')).toEqual(bytes);
    await expect(reader.readFile('l')).rejects.toThrow(/not a regular file/);
    await expect(reader.readFile('missing')).rejects.toThrow(/not a regular file/);
  });

  it('reads the commit, not the working tree', async () => {
    repo = createGitRepo();
    const head = repo.commit({ branch: 'main', files: { 'x.txt': 'committed\n' } });
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${repo.dir}/x.txt`, 'edited in the working tree\n');
    const reader = await openGitRepository(repo.dir).readerAt(head);
    expect((await reader.readFile('x.txt')).toString()).toBe('committed\n');
  });

  it('resolves branch names and ids, and rejects what is not a commit', async () => {
    repo = createGitRepo();
    const head = repo.commit({ branch: 'main', files: { 'x.txt': 'x' } });
    const git = openGitRepository(repo.dir);
    expect(await git.resolveCommit('main')).toBe(head);
    expect(await git.resolveCommit(head.slice(0, 10))).toBe(head);
    expect(await git.resolveCommit('nope')).toBeUndefined();
    expect(await git.resolveCommit('--output=/tmp/x')).toBeUndefined();
    await expect(git.readerAt('nope')).rejects.toThrow(/not a commit/);
  });
});

describe('git adapter: changed files of a pull request', () => {
  it('lists a rename as a removal plus an addition', async () => {
    repo = createGitRepo();
    repo.commit({ branch: 'main', files: { 'orgs/a/org.yaml': 'id: a\n'.repeat(20), 'keep.md': 'k' } });
    repo.commit({
      branch: 'pr',
      from: 'main',
      files: { 'orgs/a/org.yaml': null, 'orgs/b/org.yaml': 'id: a\n'.repeat(20) },
    });
    expect(await openGitRepository(repo.dir).listChangedFiles('main', 'pr')).toEqual([
      { path: 'orgs/a/org.yaml', status: 'removed' },
      { path: 'orgs/b/org.yaml', status: 'added' },
    ]);
  });

  it("compares with the merge-base, as GitHub does: later base commits are not the pull request's", async () => {
    repo = createGitRepo();
    repo.commit({ branch: 'main', files: { 'a.md': 'a' } });
    repo.commit({ branch: 'pr', from: 'main', files: { 'a.md': 'changed by pr' } });
    repo.commit({ branch: 'main', files: { 'later.md': 'base moved on' } });
    const git = openGitRepository(repo.dir);
    expect(await git.listChangedFiles('main', 'pr')).toEqual([{ path: 'a.md', status: 'modified' }]);
    expect(await git.mergeBase('main', 'pr')).toBe(repo.git('rev-parse', 'main~1'));
  });

  it('reads many files through one batch, fast enough for a large consortium', async () => {
    repo = createGitRepo();
    const files = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`orgs/o${i}/org.yaml`, `id: o${i}\n`]));
    const head = repo.commit({ branch: 'main', files });
    const reader = await openGitRepository(repo.dir).readerAt(head);
    const listed = await reader.listFiles();
    const texts = await Promise.all(listed.map((e) => reader.readFile(e.path)));
    expect(texts).toHaveLength(600);
    expect(texts[599]?.toString()).toBe(`id: o${listed[599]?.path.split('/')[1]?.slice(1)}\n`);
  });
});

describe('git adapter: fetching earlier heads', () => {
  it('fetches commits it lacks from a remote by id and reports those still missing', async () => {
    repo = createGitRepo();
    const remote = createGitRepo({ prefix: 'consortium-remote-' });
    try {
      remote.commit({ branch: 'main', files: { 'a.md': 'a' } });
      const old = remote.commit({ branch: 'main', files: { 'a.md': 'old head' } });
      remote.git('config', 'uploadpack.allowAnySHA1InWant', 'true');
      repo.commit({ branch: 'main', files: { 'x.md': 'x' } });
      const git = openGitRepository(repo.dir);
      expect(await git.resolveCommit(old)).toBeUndefined();
      const missing = await git.fetchCommits({ url: remote.dir, commits: [old, 'b'.repeat(40), 'not-an-id'] });
      expect(missing).toEqual(['b'.repeat(40)]);
      expect(await git.resolveCommit(old)).toBe(old);
      expect((await (await git.readerAt(old)).readFile('a.md')).toString()).toBe('old head');
    } finally {
      remote.remove();
    }
  });
});
