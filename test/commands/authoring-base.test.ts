// The committed base revision of the authoring commands, on real Git repositories: chaincode
// sequences follow the definition committed on the base branch (not the working tree), and the
// approvals preview judges everything the branch changes, as `consortium approvals` will.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createExampleRepo, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});
async function gitExample(): Promise<ExampleRepo> {
  const repo = await createExampleRepo({ git: true });
  cleanup.push(() => repo.remove());
  return repo;
}

const provenance = 'channels/traceability/chaincodes/provenance.yaml';
// The example's committed definition pins 1.0.0 by digest; the versions proposed here use tags.
const image = (version: string) =>
  `ghcr.io/supply-chain-traceability/provenance-chaincode:${version}` +
  (version === '1.0.0' ? '@sha256:c9b9a9d53e90c07238b57c1a9f93923337df7d09b6df108d35d2d53c309fd4d4' : '');

interface ProposeJson {
  kind: string;
  sequence: number;
  previous: { version: string; sequence: number } | null;
  replaces: { version: string; sequence: number } | null;
  approvals: {
    base: { ref: string; commit: string } | null;
    changes: { kind: string; subject: string; requires: string; missing: string[] }[];
  };
}

async function propose(repo: ExampleRepo, version: string, extra: readonly string[] = []) {
  const args = ['chaincode', 'propose', 'traceability', 'provenance', '--version', version, '--image', image(version)];
  return runCli([...args, ...extra, '--repo', repo.dir, '--format', 'json'], { cwd: repo.dir });
}

function definitionIn(repo: ExampleRepo): { version: string; sequence: number; image: string } {
  return parse(repo.read(provenance)) as { version: string; sequence: number; image: string };
}

describe('chaincode propose against the committed definition', () => {
  it('keeps committed + 1 when proposed twice on a branch, replacing the pending definition', async () => {
    const repo = await gitExample();
    repo.git('switch', '--quiet', '-c', 'upgrade-provenance');
    const first = await propose(repo, '1.1.0');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(definitionIn(repo)).toMatchObject({ version: '1.1.0', sequence: 2 });

    const second = await propose(repo, '1.2.0');
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    const out = JSON.parse(second.stdout) as ProposeJson;
    expect(out.kind).toBe('upgrade');
    expect(out.sequence).toBe(2);
    expect(out.previous).toEqual({ version: '1.0.0', sequence: 1 });
    expect(out.replaces).toEqual({ version: '1.1.0', sequence: 2 });
    expect(definitionIn(repo)).toMatchObject({ version: '1.2.0', sequence: 2, image: image('1.2.0') });
    expect(out.approvals.base?.ref).toBe('main');
  });

  it('counts from the new committed definition once the proposal is merged on main', async () => {
    const repo = await gitExample();
    repo.git('switch', '--quiet', '-c', 'upgrade-provenance');
    expect((await propose(repo, '1.1.0')).code).toBe(0);
    repo.git('commit', '--quiet', '--all', '-m', 'Upgrade provenance to 1.1.0');
    repo.git('switch', '--quiet', 'main');
    repo.git('merge', '--quiet', '--no-ff', '-m', 'Merge upgrade-provenance', 'upgrade-provenance');

    repo.git('switch', '--quiet', '-c', 'upgrade-provenance-again');
    const next = await propose(repo, '1.2.0');
    expect(next.stderr).toBe('');
    const out = JSON.parse(next.stdout) as ProposeJson;
    expect(out.sequence).toBe(3);
    expect(out.previous).toEqual({ version: '1.1.0', sequence: 2 });
    expect(out.replaces).toBeNull();
    expect(definitionIn(repo)).toMatchObject({ version: '1.2.0', sequence: 3 });
  });

  it('refuses a definition identical to the committed one even when the branch proposes another', async () => {
    const repo = await gitExample();
    repo.git('switch', '--quiet', '-c', 'upgrade-provenance');
    expect((await propose(repo, '1.1.0')).code).toBe(0);
    const before = repo.snapshot();
    const back = await propose(repo, '1.0.0');
    expect(back.code).toBe(1);
    expect(back.stderr).toMatch(/already at version 1\.0\.0, sequence 1, with this image; nothing to propose/);
    expect(back.stderr).toMatch(/working tree proposes version 1\.1\.0, sequence 2/);
    expect(repo.snapshot()).toEqual(before);
  });

  it('keeps a chaincode new on the branch at sequence 1 when it is proposed again', async () => {
    const repo = await gitExample();
    repo.git('switch', '--quiet', '-c', 'recall-audit');
    const define = (version: string) =>
      runCli(
        [
          'chaincode',
          'propose',
          'recalls',
          'recall-audit',
          '--version',
          version,
          '--image',
          `ghcr.io/example/recall-audit:${version}`,
          '--repo',
          repo.dir,
          '--format',
          'json',
        ],
        { cwd: repo.dir },
      );
    expect((await define('0.1.0')).code).toBe(0);
    const again = await define('0.2.0');
    expect(again.stderr).toBe('');
    const out = JSON.parse(again.stdout) as ProposeJson;
    expect(out).toMatchObject({ kind: 'define', sequence: 1, previous: null, replaces: { version: '0.1.0' } });
    expect(parse(repo.read('channels/recalls/chaincodes/recall-audit.yaml'))).toMatchObject({
      version: '0.2.0',
      sequence: 1,
      installedOn: ['manufacturer', 'retailer'],
    });
  });

  it('refuses to write the pending proposal again, unchanged', async () => {
    const repo = await gitExample();
    expect((await propose(repo, '1.1.0')).code).toBe(0);
    const before = repo.snapshot();
    const again = await propose(repo, '1.1.0');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already proposes version 1\.1\.0, sequence 2, with this image; nothing to change/);
    expect(repo.snapshot()).toEqual(before);
  });

  it('follows --base: the definition committed on the named revision', async () => {
    const repo = await gitExample();
    // A release branch where provenance is already at sequence 2.
    repo.git('switch', '--quiet', '-c', 'release');
    expect((await propose(repo, '1.1.0')).code).toBe(0);
    repo.git('commit', '--quiet', '--all', '-m', 'Upgrade provenance on release');
    repo.git('switch', '--quiet', '-c', 'on-release');
    const onRelease = JSON.parse((await propose(repo, '1.2.0', ['--base', 'release'])).stdout) as ProposeJson;
    expect(onRelease.sequence).toBe(3);
    expect(onRelease.approvals.base?.ref).toBe('release');
  });

  it('uses HEAD when there is no main branch', async () => {
    const repo = await gitExample();
    repo.git('branch', '--quiet', '-m', 'main', 'trunk');
    const run = await propose(repo, '1.1.0');
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as ProposeJson;
    expect(out.sequence).toBe(2);
    expect(out.approvals.base).toEqual({ ref: 'HEAD', commit: repo.git('rev-parse', 'HEAD') });
  });

  it('outside Git, counts from the working tree, and --base is a usage error', async () => {
    const repo = await createExampleRepo();
    cleanup.push(() => repo.remove());
    const first = JSON.parse((await propose(repo, '1.1.0')).stdout) as ProposeJson;
    expect(first.approvals.base).toBeNull();
    const second = JSON.parse((await propose(repo, '1.2.0')).stdout) as ProposeJson;
    expect(second.sequence).toBe(3);
    const withBase = await propose(repo, '1.3.0', ['--base', 'main']);
    expect(withBase.code).toBe(2);
    expect(withBase.stderr).toMatch(/--base main: .* is not the top level of a Git working tree/);
  });

  it('refuses a --base that names no commit, writing nothing', async () => {
    const repo = await gitExample();
    const before = repo.snapshot();
    const run = await propose(repo, '1.1.0', ['--base', 'no-such-branch']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--base no-such-branch: not a commit in/);
    expect(repo.snapshot()).toEqual(before);
  });
});

describe('the approvals preview of a branch', () => {
  it('lists every change on the branch, as `consortium approvals` judges the pull request', async () => {
    const repo = await gitExample();
    repo.git('switch', '--quiet', '-c', 'coldchain-telemetry');
    const channel = await runCli(
      [
        'channel',
        'propose',
        'coldchain-telemetry',
        '--members',
        'logistics,manufacturer',
        '--repo',
        repo.dir,
        '--format',
        'json',
      ],
      { cwd: repo.dir },
    );
    expect(channel.stderr).toBe('');
    expect(channel.code).toBe(0);
    const chaincode = await runCli(
      [
        'chaincode',
        'propose',
        'coldchain-telemetry',
        'temperature-log',
        '--version',
        '1.0.0',
        '--image',
        'ghcr.io/example/temperature-log:1.0.0',
        '--repo',
        repo.dir,
        '--format',
        'json',
      ],
      { cwd: repo.dir },
    );
    expect(chaincode.stderr).toBe('');
    expect(chaincode.code).toBe(0);
    const preview = JSON.parse(chaincode.stdout) as ProposeJson;
    expect(preview.approvals.base).toEqual({ ref: 'main', commit: repo.git('rev-parse', 'main') });
    const previewed = preview.approvals.changes.map((c) => `${c.kind} ${c.subject}`).sort();
    expect(previewed).toEqual([
      'chaincode.define coldchain-telemetry/temperature-log',
      'channel.create coldchain-telemetry',
    ]);

    // The pull request itself, once committed: the same changes, requirements and missing approvals.
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', 'Propose coldchain-telemetry');
    const judged = await runCli(
      ['approvals', '--base', 'main', '--head', 'coldchain-telemetry', '--repo', repo.dir, '--format', 'json'],
      { cwd: repo.dir },
    );
    const verdict = JSON.parse(judged.stdout) as {
      changes: { kind: string; subject: string; requires: string; missing: string[] }[];
    };
    const project = (c: { kind: string; subject: string; requires: string }) => [c.kind, c.subject, c.requires];
    expect(preview.approvals.changes.map(project).sort()).toEqual(verdict.changes.map(project).sort());
  });

  it('in text, names the base revision the branch is judged against', async () => {
    const repo = await gitExample();
    const run = await runCli(
      ['channel', 'propose', 'cold', '--members', 'logistics,manufacturer', '--dry-run', '--repo', repo.dir],
      { cwd: repo.dir },
    );
    expect(run.code).toBe(0);
    const main = repo.git('rev-parse', '--short=7', 'main');
    expect(run.stdout).toContain(`Approvals the pull request will need under the rules of main (${main}), for every`);
  });

  it('leaves out files Git ignores, and counts the ones a commit would add', async () => {
    const repo = await gitExample();
    writeFileSync(join(repo.dir, '.gitignore'), '*.log\n');
    repo.git('add', '.gitignore');
    repo.git('commit', '--quiet', '-m', 'Ignore logs');
    writeFileSync(join(repo.dir, 'debug.log'), 'noise\n');
    const quiet = JSON.parse((await propose(repo, '1.1.0', ['--dry-run'])).stdout) as ProposeJson;
    expect(quiet.approvals.changes.map((c) => c.kind)).toEqual(['chaincode.upgrade']);

    writeFileSync(join(repo.dir, 'stray.txt'), 'not part of the consortium\n');
    const stray = JSON.parse((await propose(repo, '1.1.0', ['--dry-run'])).stdout) as ProposeJson;
    expect(stray.approvals.changes.map((c) => `${c.kind} ${c.subject}`)).toContain('error stray.txt');
  });

  it('outside Git, covers only the edit, against the working tree before it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'consortium-home-'));
    cleanup.push(() => rmSync(home, { recursive: true, force: true }));
    const repo = await createExampleRepo();
    cleanup.push(() => repo.remove());
    expect(
      (
        await runCli(['channel', 'propose', 'cold', '--members', 'logistics,manufacturer', '--repo', repo.dir], {
          cwd: repo.dir,
          home,
        })
      ).code,
    ).toBe(0);
    const run = await runCli(['channel', 'add-member', 'cold', 'retailer', '--repo', repo.dir, '--format', 'json'], {
      cwd: repo.dir,
      home,
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as ProposeJson;
    expect(out.approvals.base).toBeNull();
    expect(out.approvals.changes.map((c) => c.kind)).not.toContain('channel.create');
  });
});
