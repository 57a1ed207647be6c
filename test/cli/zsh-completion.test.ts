import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandRegistry } from '../../tools/src/cli/registry.ts';
import { requireFile } from '../support/requirements.ts';
import { runCli } from '../support/run-cli.ts';

const zsh = ['/usr/bin/zsh', '/bin/zsh'].find((path) => requireQuietly(path));
const requirement = requireFile(
  'cli: the zsh completion script in a real zsh',
  zsh ?? '/usr/bin/zsh',
  'install zsh (Debian: apt-get install zsh; .ci/run does it with test/cli/host-packages.sh)',
);

function requireQuietly(path: string): boolean {
  try {
    execFileSync(path, ['-fc', 'true']);
    return true;
  } catch {
    return false;
  }
}

// The generated script is loaded into a real zsh and `_consortium` called as the completion
// system calls it (`words`, `CURRENT`, `PREFIX`). compadd, _describe and _files exist only inside a
// completion widget, so they are replaced by functions that print what would be offered, filtered
// by PREFIX the way compadd filters by default; everything else (parsing the line, the tables,
// the ${(z)...} expansions) is the script's own code running in zsh.
describe.skipIf(!requirement.available)('consortium completion zsh, in zsh', () => {
  let dir: string;
  let script: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'consortium-zsh-completion-'));
    const run = await runCli(['completion', 'zsh']);
    expect(run.code).toBe(0);
    script = join(dir, '_consortium');
    await writeFile(script, run.stdout);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** What zsh would offer after `line` (the last word is the one being completed). */
  function complete(line: string): string[] {
    const words = line.split(' ');
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const program = `
offer() { local c; for c in "$@"; do [[ $c == "$PREFIX"* ]] && print -r -- "$c"; done; return 0; }
compadd() { [[ $1 == -a ]] && { offer "\${(@P)2}"; return; }; [[ $1 == -- ]] && shift; offer "$@"; }
_describe() { local -a entries=("\${(@P)4}"); offer "\${entries[@]%%:*}"; }
_files() { print -r -- '<files>'; }
compdef() { print -r -- "compdef $*"; }
source "$1"
words=(${quoted})
CURRENT=${words.length}
PREFIX=${quoted.split(' ').at(-1) ?? "''"}
_consortium`;
    const out = execFileSync(zsh ?? 'zsh', ['-f', '-c', program, 'zsh', script], { encoding: 'utf8' });
    return out.split('\n').filter((l) => l !== '' && !l.startsWith('compdef '));
  }

  it('registers itself with compdef when sourced', () => {
    const out = execFileSync(
      zsh ?? 'zsh',
      ['-f', '-c', 'compdef() { print -r -- "compdef $*"; }; source "$1"', 'zsh', script],
      {
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe('compdef _consortium consortium');
  });

  it('offers the commands of the registry', () => {
    expect(complete('consortium ')).toEqual(expect.arrayContaining(Object.keys(commandRegistry)));
    expect(complete('consortium va')).toEqual(['validate']);
    expect(complete('consortium c')).toEqual(['channel', 'chaincode', 'completion']);
    expect(complete('consortium --v')).toEqual(['--version']);
  });

  it("offers subcommands, then each subcommand's own options", () => {
    expect(complete('consortium org ')).toEqual(['init', 'remove', 'reissue', 'secrets']);
    expect(complete('consortium org init --st')).toEqual(['--storage-class']);
    expect(complete('consortium channel add-member --d')).toEqual(['--dry-run']);
    expect(complete('consortium plan --k')).toEqual(['--kubeconfig']);
  });

  it('skips option values when finding the command, and offers file names for a value', () => {
    expect(complete('consortium render --repo validate --f')).toEqual(['--format']);
    expect(complete('consortium render --out ')).toEqual(['<files>']);
    expect(complete('consortium plan --org validate ')).toEqual(['<files>']);
  });

  it('completes command names after help', () => {
    expect(complete('consortium help rec')).toEqual(['reconcile']);
  });
});
