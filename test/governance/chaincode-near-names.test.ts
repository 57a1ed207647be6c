import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGitRepo } from '../support/git-repo.ts';
import { projectRoot } from '../support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';

/** The example consortium's files, as a FileTree for a real commit. */
function exampleTree(): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(projectRoot, path)] = readFileSync(path, 'utf8');
    }
  };
  for (const folder of ['consortium', 'orgs', 'channels', 'chaincode']) walk(join(projectRoot, folder));
  return files;
}

describe('a new chaincode named like an existing one', () => {
  const repo = createGitRepo();
  afterAll(() => repo.remove());
  const files = exampleTree();
  const existing = 'channels/traceability/chaincodes/provenance.yaml';
  const original = files[existing] ?? '';
  repo.commit({ branch: 'main', files });

  it('is flagged by approvals with the file to edit instead, and not for a name unlike any', async () => {
    repo.commit({
      branch: 'typo',
      from: 'main',
      files: {
        'channels/traceability/chaincodes/provenence.yaml': original
          .replace('name: provenance', 'name: provenence')
          .replace(/version: .*/, 'version: 2.0.0'),
      },
    });
    const run = await runCli(['approvals', '--base', 'main', '--head', 'typo', '--repo', repo.dir, '--format', 'json']);
    const json = JSON.parse(run.stdout) as {
      warnings: { rule: string; file: string; message: string; hint: string }[];
    };
    const near = json.warnings.filter((w) => w.rule === 'chaincode-near-name');
    expect(near).toHaveLength(1);
    expect(near[0]).toMatchObject({ file: 'channels/traceability/chaincodes/provenence.yaml' });
    expect(near[0]!.message).toContain('one typo away from "provenance"');
    expect(near[0]!.hint).toContain('channels/traceability/chaincodes/provenance.yaml');
    const text = await runCli(['approvals', '--base', 'main', '--head', 'typo', '--repo', repo.dir]);
    expect(text.stdout).toMatch(/warning channels\/traceability\/chaincodes\/provenence.yaml:1 chaincode-near-name/);

    repo.commit({
      branch: 'new',
      from: 'main',
      files: {
        'channels/traceability/chaincodes/invoicing.yaml': original.replace('name: provenance', 'name: invoicing'),
      },
    });
    const fresh = await runCli([
      'approvals',
      '--base',
      'main',
      '--head',
      'new',
      '--repo',
      repo.dir,
      '--format',
      'json',
    ]);
    const freshJson = JSON.parse(fresh.stdout) as { warnings: { rule: string }[] };
    expect(freshJson.warnings.some((w) => w.rule === 'chaincode-near-name')).toBe(false);
  });
});
