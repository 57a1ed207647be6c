import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCompletionSpec } from '../../tools/src/cli/completion/completion-spec.ts';
import { commandRegistry } from '../../tools/src/cli/registry.ts';
import { runCli } from '../support/run-cli.ts';

// The generated script is loaded into a real bash and its completion function called the way
// bash's programmable completion calls it (COMP_WORDS, COMP_CWORD), for a few command lines.
describe('consortium completion bash', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consortium-completion-'));
    const run = await runCli(['completion', 'bash']);
    expect(run.code).toBe(0);
    script = join(dir, 'consortium.bash');
    await writeFile(script, run.stdout);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What bash would offer after `line` (the last word is the one being completed). */
  function complete(line: string): string[] {
    const words = line.split(' ');
    const program = `source "$1"
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_consortium
complete -p consortium >/dev/null || exit 9
printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', script], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l !== '');
  }

  it('offers the commands of the registry', () => {
    expect(complete('consortium ')).toEqual(expect.arrayContaining(Object.keys(commandRegistry)));
    expect(complete('consortium va')).toEqual(['validate']);
    expect(complete('consortium c')).toEqual(['channel', 'chaincode', 'completion']);
  });

  it("offers subcommands, then each subcommand's own options", () => {
    expect(complete('consortium org ')).toEqual(['init', 'remove', 'reissue', 'secrets']);
    expect(complete('consortium org init --st')).toEqual(['--storage-class']);
    expect(complete('consortium channel add-member --d')).toEqual(['--dry-run']);
    expect(complete('consortium plan --k')).toEqual(['--kubeconfig']);
  });

  it('skips option values when finding the command, and offers nothing (file names) for a value', () => {
    expect(complete('consortium render --repo validate --f')).toEqual(['--format']);
    expect(complete('consortium render --out ')).toEqual([]);
    expect(complete('consortium plan --org validate ')).toEqual([]);
  });

  it('completes command names after help', () => {
    expect(complete('consortium help rec')).toEqual(['reconcile']);
  });

  it("knows every option each command's parser accepts (generated from the same objects)", async () => {
    const spec = await loadCompletionSpec();
    const { command } = await commandRegistry['org']!.load();
    const init = spec.targets.find((t) => t.path === 'org init');
    expect(init?.options).toEqual(Object.keys(command.subcommands?.['init'] ?? {}).map((o) => `--${o}`));
    // Every subcommand a command dispatches on is in the spec: an unknown one's error lists them.
    for (const [name, subs] of Object.entries(spec.subcommands)) {
      const run = await runCli([name, 'no-such-subcommand']);
      expect(run.code).toBe(2);
      for (const sub of subs) expect(run.stderr, `${name} ${sub}`).toContain(sub);
    }
  });

  it('writes a zsh script with the same tables', async () => {
    const run = await runCli(['completion', 'zsh']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^#compdef consortium\n/);
    expect(run.stdout).toContain("'org init') echo '--repo --base");
    expect(run.stdout).toContain("'validate:check the repository");
    // test/cli/zsh-completion.test.ts runs the script in a real zsh.
  });

  it('rejects an unknown shell with a suggestion', async () => {
    const run = await runCli(['completion', 'bsh']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('did you mean "bash"?');
  });
});
