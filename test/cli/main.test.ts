import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

describe('consortium (top level)', () => {
  it('prints usage and exits 2 without a command', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Usage: consortium <command>/);
  });

  it('prints usage and exits 0 for --help', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/validate\s+check the repository/);
  });

  it('names an unknown command and exits 2', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('does not treat inherited object properties as commands', async () => {
    const run = await runCli(['constructor']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command "constructor"/);
  });

  it("shows a command's own usage for --help", async () => {
    const run = await runCli(['validate', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: consortium validate/);
  });

  it('maps a usage error to exit 2 with a pointer to --help, never a stack trace', async () => {
    const run = await runCli(['validate', '--no-such-flag']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/consortium validate: .*no-such-flag/);
    expect(run.stderr).toMatch(/consortium validate --help/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
