import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.ts';
import type { ExitCode } from './exit-codes.ts';

/** The options one parser accepts, as node:util parseArgs takes them. */
export type CommandOptions = NonNullable<ParseArgsConfig['options']>;

/**
 * One subcommand as the CLI sees it: it parses its own arguments (with node:util parseArgs),
 * calls the pure command in tools/src/commands/, formats the result and returns an exit code.
 * Errors are thrown as the classes of ../errors.ts and mapped in main.ts.
 *
 * `options` and `subcommands` are the very objects the parser is given, so shell completion,
 * which is generated from them, cannot drift from what the command accepts.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Options of the command itself (empty when it only has subcommands). */
  readonly options: CommandOptions;
  /** Subcommands (`org init`, `policy parse`) and the complete set of options each accepts. */
  readonly subcommands?: Readonly<Record<string, CommandOptions>>;
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>;
}
