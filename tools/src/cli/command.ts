import type { CliIo } from './io.ts';
import type { ExitCode } from './exit-codes.ts';

/**
 * One subcommand as the CLI sees it: it parses its own arguments (with node:util parseArgs),
 * calls the pure command in tools/src/commands/, formats the result and returns an exit code.
 * Errors are thrown as the classes of ../errors.ts and mapped in main.ts.
 */
export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<ExitCode>;
}
