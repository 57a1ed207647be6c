import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { createScenario, now, type Scenario } from './support/scenario.ts';

// A pull request with nothing in it is not an approved pull request: a swapped --base/--head, a
// head that is already part of the base, or a branch whose commits cancel out must never pass.
let s: Scenario;
afterEach(() => s.remove());

describe('nothing to judge', () => {
  it('identical trees: error, never approved', async () => {
    s = createScenario();
    const head = s.push({});
    const result = await s.judge({ head });
    expect(result.changes).toEqual([]);
    expect(result.verdict).toBe('error');
    expect(result.errors[0]).toMatch(/^no changes between base and head/);
  });

  it('commits that cancel out: error', async () => {
    s = createScenario();
    s.push({ 'docs/extra.md': '# Extra\n' });
    const head = s.push({ 'docs/extra.md': null });
    const result = await s.judge({ head });
    expect(result.verdict).toBe('error');
    expect(result.errors[0]).toMatch(/^no changes between base and head/);
  });

  it('a head already merged into the base: error that says so', async () => {
    s = createScenario();
    const head = s.push({ 'docs/extra.md': '# Extra\n' });
    s.repo.git('checkout', '--quiet', 'main');
    s.repo.git('merge', '--quiet', '--no-ff', '-m', 'Merge pull request', 'pr');
    const result = await s.judge({ head });
    expect(result.verdict).toBe('error');
    expect(result.errors[0]).toMatch(/^no changes between base and head: .* is already part of main/);
  });

  it('swapped --base and --head: "no changes between base and head", exit 1', async () => {
    s = createScenario();
    s.push({ 'docs/extra.md': '# Extra\n' });
    const json = await runCli(
      ['approvals', '--repo', s.repo.dir, '--base', 'pr', '--head', 'main', '--format', 'json'],
      { cwd: s.repo.dir, now },
    );
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout) as { verdict: string; errors: string[] };
    expect(parsed.verdict).toBe('error');
    expect(parsed.errors[0]).toMatch(/swapped/);
    const text = await runCli(['approvals', '--repo', s.repo.dir, '--base', 'pr', '--head', 'main'], {
      cwd: s.repo.dir,
      now,
    });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^verdict: error\n {2}error: no changes between base and head/);
  });
});
