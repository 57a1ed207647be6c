import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { UsageError } from '../../tools/src/errors.ts';

const root = mkdtempSync(join(tmpdir(), 'fs-reader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

mkdirSync(join(root, 'repo/orgs/acme/msp'), { recursive: true });
mkdirSync(join(root, 'repo/node_modules/pkg'), { recursive: true });
mkdirSync(join(root, 'repo/.git'), { recursive: true });
mkdirSync(join(root, 'repo/out'), { recursive: true });
writeFileSync(join(root, 'repo/orgs/acme/org.yaml'), 'id: acme\n');
writeFileSync(join(root, 'repo/orgs/acme/msp/ca.pem'), 'pem');
writeFileSync(join(root, 'repo/node_modules/pkg/index.js'), '');
writeFileSync(join(root, 'repo/.git/HEAD'), 'ref: refs/heads/main\n');
writeFileSync(join(root, 'repo/out/rendered.yaml'), '');
writeFileSync(join(root, 'secret.txt'), 'outside');
symlinkSync('../../../secret.txt', join(root, 'repo/orgs/acme/leak.txt'));
symlinkSync(join(root, 'repo/orgs'), join(root, 'repo/orgs-link'));
execFileSync('mkfifo', [join(root, 'repo/pipe')]);
const repo = join(root, 'repo');

describe('createFilesystemReader', () => {
  it('lists regular files with sizes and symbolic links with targets, sorted, skipping .git and node_modules', async () => {
    const entries = await createFilesystemReader(repo).listFiles();
    expect(entries).toEqual([
      { path: 'orgs-link', kind: 'symlink', target: join(root, 'repo/orgs') },
      { path: 'orgs/acme/leak.txt', kind: 'symlink', target: '../../../secret.txt' },
      { path: 'orgs/acme/msp/ca.pem', kind: 'file', size: 3 },
      { path: 'orgs/acme/org.yaml', kind: 'file', size: 9 },
      { path: 'out/rendered.yaml', kind: 'file', size: 0 },
    ]);
  });

  it('honours other excluded directory names', async () => {
    const entries = await createFilesystemReader(repo, { exclude: ['.git', 'node_modules', 'out'] }).listFiles();
    expect(entries.map((e) => e.path)).not.toContain('out/rendered.yaml');
  });

  it('reads listed files and refuses paths that leave the repository or go through a link', async () => {
    const reader = createFilesystemReader(repo);
    expect((await reader.readFile('orgs/acme/org.yaml')).toString()).toBe('id: acme\n');
    await expect(reader.readFile('../secret.txt')).rejects.toThrow(/repository-relative/);
    await expect(reader.readFile('/etc/passwd')).rejects.toThrow(/repository-relative/);
    await expect(reader.readFile('orgs/./acme/org.yaml')).rejects.toThrow(/repository-relative/);
    await expect(reader.readFile('orgs/acme/leak.txt')).rejects.toThrow(/ELOOP|symbolic/);
    // A FIFO is never listed; asked for anyway, it fails or reads empty instead of blocking.
    const fifo = await reader.readFile('pipe').then(
      (bytes) => bytes.length,
      (error: unknown) => (error instanceof Error ? 'refused' : 'odd'),
    );
    expect([0, 'refused']).toContain(fifo);
  });

  it('refuses a root that is missing or a file with a usage error that says what to pass', async () => {
    for (const [root, why] of [
      [join(repo, 'no-such-folder'), 'no such directory'],
      [join(repo, 'orgs/acme/org.yaml'), 'not a directory'],
    ] as const) {
      const error: unknown = await createFilesystemReader(root)
        .listFiles()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toContain(`${root}: ${why}`);
      expect((error as Error).message).toContain('--repo DIR');
    }
  });
});
