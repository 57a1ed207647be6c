import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotTree, useExampleRepos } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';

const example = useExampleRepos();

describe('authoring commands on a repository that does not load', () => {
  it.each([
    ['org', 'init', 'zz', '--msp-id', 'ZzMSP', '--region', 'eu', '--domain', 'zz.example', '--admin', 'a:1'],
    ['channel', 'propose', 'newch', '--members', 'retailer,manufacturer'],
    ['chaincode', 'propose', 'traceability', 'cc1', '--version', '1.0', '--image', 'img:1'],
  ])('%s %s in a folder without a consortium names the missing file and writes nothing', async (...argv) => {
    const empty = mkdtempSync(join(tmpdir(), 'authoring-empty-'));
    try {
      // org init would write keys before the repository; keep them in the temporary folder.
      const keys = argv[0] === 'org' ? ['--key-dir', join(empty, '..', `${basename(empty)}-keys`)] : [];
      const run = await runCli([...argv, ...keys, '--repo', empty], { cwd: empty });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${empty} is not a consortium repository`);
      expect(run.stderr).toContain('consortium/consortium.yaml is missing');
      expect(snapshotTree(empty)).toEqual({});
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('says why a channel whose file does not parse is "not there", instead of only listing the others', async () => {
    const repo = await example();
    writeFileSync(join(repo.dir, 'channels/traceability/channel.yaml'), 'name: [unclosed\n');
    const run = await runCli(
      ['chaincode', 'propose', 'traceability', 'cc1', '--version', '1.0', '--image', 'img:1', '--repo', repo.dir],
      { cwd: repo.dir },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no channel "traceability"');
    expect(run.stderr).toMatch(
      /did not load; fix them first[^]*channels\/traceability\/channel\.yaml:\d+:\d+ yaml-syntax/,
    );
  });
});
