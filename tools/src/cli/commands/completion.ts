import type { CliCommand } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { write } from '../io.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { writeJson } from '../report-error.ts';
import { UsageError } from '../../errors.ts';
import { closestName } from '../../model/closest-name.ts';
import { renderBashCompletion } from '../completion/bash-completion.ts';
import { loadCompletionSpec } from '../completion/completion-spec.ts';
import { renderZshCompletion } from '../completion/zsh-completion.ts';

const usage = `Usage: consortium completion bash|zsh

Prints a completion script for the shell: commands, subcommands and each one's options, generated
from the commands themselves.

  bash:  source <(npx consortium completion bash)          (e.g. in ~/.bashrc)
  zsh:   source <(npx consortium completion zsh)           (after compinit, e.g. in ~/.zshrc)
         or save it as _consortium in a directory of your $fpath

--format json prints { "shell", "script" }; --repo is accepted for uniformity and not read.

Exit status: 0 printed, 2 usage error.`;

const options = { repo: { type: 'string' }, format: { type: 'string' } } as const;

const shells = { bash: renderBashCompletion, zsh: renderZshCompletion } as const;

export const command: CliCommand = {
  name: 'completion',
  summary: 'print a shell completion script',
  usage,
  options: {},
  subcommands: { bash: options, zsh: options },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, options, { allowPositionals: true });
    const format = parseFormat(values.format, ['text', 'json']);
    const [shell, ...extra] = positionals;
    if (shell === undefined) throw new UsageError('expected a shell: bash or zsh');
    if (shell !== 'bash' && shell !== 'zsh') {
      const guess = closestName(shell, Object.keys(shells));
      throw new UsageError(
        `unknown shell "${shell}" (expected bash or zsh)${guess === undefined ? '' : `; did you mean "${guess}"?`}`,
      );
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    const script = shells[shell](await loadCompletionSpec());
    if (format === 'json') writeJson(io, { shell, script });
    else write(io.stdout, script);
    return ExitCode.ok;
  },
};
