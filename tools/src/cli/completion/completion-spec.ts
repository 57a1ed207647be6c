// What shell completion knows about the command line, built from the command registry and each
// command's own option objects (the ones its parser uses), so completion cannot drift from the CLI.
import type { CommandOptions } from '../command.ts';
import { commandRegistry } from '../registry.ts';

export interface CompletionTarget {
  /** `validate`, or `org init` for a subcommand. */
  readonly path: string;
  /** `--repo`, `--format`, ...: every option the parser accepts. */
  readonly options: readonly string[];
  /** The options that take a value (the next word is not a command or subcommand). */
  readonly valueOptions: readonly string[];
}

export interface CompletionSpec {
  readonly commands: readonly { readonly name: string; readonly summary: string }[];
  readonly subcommands: Readonly<Record<string, readonly string[]>>;
  readonly targets: readonly CompletionTarget[];
}

export async function loadCompletionSpec(): Promise<CompletionSpec> {
  const commands: { name: string; summary: string }[] = [];
  const subcommands: Record<string, string[]> = {};
  const targets: CompletionTarget[] = [];
  for (const [name, entry] of Object.entries(commandRegistry)) {
    commands.push({ name, summary: entry.summary });
    const { command } = await entry.load();
    targets.push(target(name, command.options));
    const subs = Object.entries(command.subcommands ?? {});
    if (subs.length > 0) subcommands[name] = subs.map(([sub]) => sub);
    for (const [sub, options] of subs) targets.push(target(`${name} ${sub}`, { ...command.options, ...options }));
  }
  return { commands, subcommands, targets };
}

function target(path: string, options: CommandOptions): CompletionTarget {
  const entries = Object.entries(options);
  return {
    path,
    options: entries.map(([name]) => `--${name}`),
    valueOptions: entries.filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`),
  };
}
