import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../tools/src/cli/io.ts';
import { commandRegistry } from '../../tools/src/cli/registry.ts';
import { reportError } from '../../tools/src/cli/report-error.ts';
import { InternalError } from '../../tools/src/errors.ts';
import { copyExampleRepo, projectRoot } from '../support/example-repo.ts';
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

describe('consortium --version and help', () => {
  it('prints the version of package.json, as text and as JSON', async () => {
    const { version } = JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const text = await runCli(['--version']);
    expect(text.code).toBe(0);
    expect(text.stdout).toBe(`consortium ${version}\n`);
    const json = await runCli(['--version', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ version });
  });

  it("prints a command's usage for `help <command>`, and lists every registered command at the top", async () => {
    const run = await runCli(['help', 'render']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: consortium render --out DIR/);
    const top = await runCli(['help']);
    for (const name of Object.keys(commandRegistry)) expect(top.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it('suggests the closest command for a typo, in help too', async () => {
    for (const argv of [['valdate'], ['help', 'reconcle']]) {
      const run = await runCli(argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/did you mean "(validate|reconcile)"\?/);
    }
  });

  it('suggests the closest option for a mistyped one', async () => {
    const run = await runCli(['validate', '--fromat', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Unknown option '--fromat'; did you mean '--format'?");
  });
});

interface JsonError {
  readonly ok: false;
  readonly error: { readonly kind: string; readonly message: string; readonly exitCode: number };
}

function parseError(stdout: string): JsonError {
  const json = JSON.parse(stdout) as JsonError;
  expect(json.ok).toBe(false);
  return json;
}

describe('--format json on failure', () => {
  // Every subcommand (and each of its subcommands), given an option it does not know.
  const commandLines = async (): Promise<string[][]> => {
    const lines: string[][] = [];
    for (const [name, entry] of Object.entries(commandRegistry)) {
      const { command } = await entry.load();
      const subs = Object.keys(command.subcommands ?? {});
      if (subs.length === 0) lines.push([name]);
      for (const sub of subs) lines.push([name, sub]);
    }
    return lines;
  };

  it('prints a usage error as JSON on stdout (exit 2) for every subcommand', async () => {
    const lines = await commandLines();
    expect(lines.length).toBeGreaterThan(15);
    for (const line of lines) {
      for (const format of [['--format', 'json'], ['--format=json']]) {
        const run = await runCli([...line, '--no-such-option', ...format]);
        expect(run.code, line.join(' ')).toBe(2);
        const json = parseError(run.stdout);
        expect(json.error).toEqual({ kind: 'usage', message: "Unknown option '--no-such-option'", exitCode: 2 });
        expect(run.stderr).toContain("Unknown option '--no-such-option'");
      }
    }
  });

  it('prints a missing subcommand and an unknown command as JSON', async () => {
    for (const argv of [['org'], ['channel'], ['chaincode'], ['policy'], ['completion'], ['frobnicate'], []]) {
      const run = await runCli([...argv, '--format', 'json']);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(parseError(run.stdout).error.kind).toBe('usage');
    }
  });

  it('prints findings as JSON (exit 1): a policy that does not parse, a repository that does not render', async () => {
    const policy = await runCli(['policy', 'eval', "OR('A.member'", '--signer', 'A.member', '--format', 'json']);
    expect(policy.code).toBe(1);
    expect(parseError(policy.stdout).error).toMatchObject({ kind: 'findings', exitCode: 1 });
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/recalls/channel.yaml', (t) =>
        t.replace('  - retailer\n', '  - retailer\n  - nobody\n'),
      );
      const out = join(repo.dir, 'out');
      const run = await runCli(['render', '--repo', repo.dir, '--out', out, '--format', 'json']);
      expect(run.code).toBe(1);
      const json = parseError(run.stdout);
      expect(json.error.kind).toBe('findings');
      expect(json.error.message).toContain('does not validate');
    } finally {
      await repo.remove();
    }
  });

  it('prints an internal error as JSON (exit 2) and says it is a bug', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c: Buffer) => (out += c.toString()));
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const io: CliIo = {
      stdout,
      stderr,
      stdin: new PassThrough(),
      env: {},
      cwd: '/',
      now: () => new Date(),
      isTty: false,
    };
    const code = reportError(new InternalError('the plan lost an object'), {
      io,
      debug: false,
      json: true,
      command: 'plan',
    });
    await new Promise((done) => setImmediate(done));
    expect(code).toBe(2);
    expect(parseError(out).error).toEqual({
      kind: 'internal',
      message: 'internal error: the plan lost an object',
      exitCode: 2,
    });
    expect(err).toMatch(/This is a bug in the toolkit/);
  });

  it('uses one vocabulary: an authoring preview lists what is `missing`, as approvals does', async () => {
    const repo = await copyExampleRepo();
    try {
      const run = await runCli(
        ['channel', 'add-member', 'recalls', 'logistics', '--dry-run', '--format', 'json', '--repo', repo.dir],
        { env: { HOME: repo.dir } },
      );
      expect(run.code).toBe(0);
      expect(run.stdout).not.toMatch(/"needs"/);
      const json = JSON.parse(run.stdout) as { approvals: { changes: { missing: string[] }[] } };
      expect(json.approvals.changes.some((c) => c.missing.length > 0)).toBe(true);
    } finally {
      await repo.remove();
    }
  });
});
