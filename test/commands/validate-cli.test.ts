import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo, lineOf, type ExampleRepo } from '../support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';

describe('consortium validate', () => {
  let repo: ExampleRepo;
  beforeEach(async () => {
    repo = await copyExampleRepo();
  });
  afterEach(async () => {
    await repo.remove();
  });

  it('prints { ok, diagnostics } and exits 0 for the example', async () => {
    const r = await runCli(['validate', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, diagnostics: [] });
  });

  it('exits 1 and names rule, file and line with --repo', async () => {
    await repo.edit('channels/recalls/channel.yaml', (t) =>
      t.replace('  - retailer\n', '  - retailer\n  - wholesaler\n'),
    );
    const r = await runCli(['validate', '--repo', repo.dir, '--format', 'json'], { cwd: tmpdir() });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { ok: boolean; diagnostics: Record<string, unknown>[] };
    expect(json.ok).toBe(false);
    expect(json.diagnostics.map(({ message: _m, hint: _h, ...rest }) => rest)).toEqual([
      {
        rule: 'channel-member-exists',
        severity: 'error',
        file: 'channels/recalls/channel.yaml',
        line: lineOf(await repo.read('channels/recalls/channel.yaml'), '- wholesaler'),
        column: 5,
      },
    ]);
    expect(json.diagnostics[0]).toHaveProperty('hint');
  });

  it('exits 0 with warnings only', async () => {
    await repo.edit('orgs/retailer/org.yaml', (t) =>
      t.replace('storageClass: managed-csi-premium', 'storageClass: local-path'),
    );
    const r = await runCli(['validate', '--format', 'json'], { cwd: repo.dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      ok: true,
      diagnostics: [{ rule: 'node-local-storage', severity: 'warning' }],
    });
  });

  it('prints file:line:col, severity, message, rule, hint and a count as text', async () => {
    await repo.edit('channels/recalls/channel.yaml', (t) =>
      t.replace('  - retailer\n', '  - retailer\n  - wholesaler\n'),
    );
    const r = await runCli(['validate'], { cwd: repo.dir });
    expect(r.code).toBe(1);
    const line = lineOf(await repo.read('channels/recalls/channel.yaml'), '- wholesaler');
    expect(r.stdout).toMatch(
      new RegExp(
        `^channels/recalls/channel\\.yaml:${line}:5  error    channel "recalls" lists member "wholesaler".*  \\[channel-member-exists\\]$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(/^ {4}hint: /m);
    expect(r.stdout).toMatch(/1 error, 0 warnings\n$/);
  });

  it.each([
    [['--repo', '/nonexistent/consortium'], 'no such directory'],
    [['--format', 'yaml'], '--format must be text, json or github'],
    [['--frobnicate'], 'Unknown option'],
    [['extra'], 'positional'],
  ])('exits 2 for usage errors: %j', async (args, message) => {
    const r = await runCli(['validate', ...args], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('exits 2 when --repo is a file', async () => {
    const r = await runCli(['validate', '--repo', join(repo.dir, 'consortium/consortium.yaml')], { cwd: repo.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a directory');
  });

  describe('--format github', () => {
    let summaryDir: string;
    beforeEach(async () => {
      summaryDir = await mkdtemp(join(tmpdir(), 'step-summary-'));
    });
    afterEach(async () => {
      await rm(summaryDir, { recursive: true, force: true });
    });

    it('annotates with escaped workflow commands and appends a Markdown summary', async () => {
      await repo.edit('channels/recalls/channel.yaml', (t) =>
        t.replace('  - retailer\n', '  - retailer\n  - wholesaler\n'),
      );
      // A file name a pull request controls, with the characters that would end a property.
      await repo.write('orgs/retailer/msp/notes,file:x.txt', 'hello\n');
      const summary = join(summaryDir, 'summary.md');
      await writeFile(summary, '# earlier step\n');
      const r = await runCli(['validate', '--format', 'github'], {
        cwd: repo.dir,
        env: { GITHUB_STEP_SUMMARY: summary },
      });
      expect(r.code).toBe(1);
      const commands = r.stdout.split('\n').filter((l) => l.startsWith('::'));
      expect(commands).toContainEqual(
        expect.stringMatching(
          /^::error file=channels\/recalls\/channel\.yaml,line=\d+,col=5,title=channel-member-exists::channel "recalls" lists member "wholesaler".*%0A/,
        ),
      );
      expect(commands).toContainEqual(
        expect.stringMatching(
          /^::warning file=orgs\/retailer\/msp\/notes%2Cfile%3Ax\.txt,line=1,col=1,title=repository-layout::/,
        ),
      );
      expect(r.stdout).toContain('consortium validate: 1 error, 1 warning');
      const markdown = await readFile(summary, 'utf8');
      expect(markdown.startsWith('# earlier step\n## Consortium validation: failed')).toBe(true);
      expect(markdown).toContain('| error | channels/recalls/channel.yaml:');
    });

    it('keeps the verdict when the summary file cannot be written', async () => {
      const r = await runCli(['validate', '--format', 'github'], {
        cwd: repo.dir,
        env: { GITHUB_STEP_SUMMARY: join(summaryDir, 'missing-dir', 'summary.md') },
      });
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('could not append the job summary');
    });

    it('writes no summary without GITHUB_STEP_SUMMARY and exits 0 when clean', async () => {
      const r = await runCli(['validate', '--format', 'github'], { cwd: repo.dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('consortium validate: no problems found\n');
    });
  });
});
