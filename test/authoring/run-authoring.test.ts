// The all-or-nothing promise of an authoring command when the repository write itself fails after
// the checks passed: the private keys `org init` already wrote are removed again.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuthoringServices } from '../../tools/src/commands/authoring-services.ts';
import { initOrg } from '../../tools/src/commands/org-init.ts';
import { createExampleRepo, type ExampleRepo } from './support/example-repo.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

describe('runAuthoring', () => {
  it('removes the keys it wrote when the repository cannot be written, and leaves the repository as it was', async () => {
    const repo: ExampleRepo = await createExampleRepo();
    cleanup.push(() => repo.remove());
    const keysRoot = mkdtempSync(join(tmpdir(), 'consortium-keys-'));
    cleanup.push(() => rmSync(keysRoot, { recursive: true, force: true }));
    const before = repo.snapshot();
    const services = createAuthoringServices({ repoDir: repo.dir, now: new Date('2027-06-01T00:00:00Z') });
    // Reads come from the real repository; the write goes to a directory that cannot be created.
    const failingWrite = { ...services, repoDir: '/proc/consortium-cannot-write-here' };
    await expect(
      initOrg(failingWrite, {
        id: 'coldchain',
        mspId: 'NordicColdChainMSP',
        region: 'eu-north',
        domain: 'nordic-coldchain.example',
        admins: [{ github: 'ingrid-lind', githubId: 55501234 }],
        keysRoot,
      }),
    ).rejects.toThrow();
    expect(existsSync(join(keysRoot, 'coldchain'))).toBe(false);
    expect(repo.snapshot()).toEqual(before);
  });
});
