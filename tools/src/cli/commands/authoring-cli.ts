// Argument handling shared by the authoring subcommands (org, channel, chaincode): the common
// flags, the services wired to the repository directory, and printing a result.
import type { ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import type { CliIo } from '../io.ts';
import { write } from '../io.ts';
import { ExitCode } from '../exit-codes.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { UsageError } from '../../errors.ts';
import { createAuthoringServices } from '../../commands/authoring-services.ts';
import type { AuthoringServices, AuthoringResult } from '../../authoring/run-authoring.ts';
import { formatAuthoringResult, toAuthoringJson } from '../../authoring/format-authoring-result.ts';
import { describeLedgerNextSteps } from '../../authoring/ledger-next-steps.ts';

export const commonOptions = {
  repo: { type: 'string' },
  base: { type: 'string' },
  format: { type: 'string' },
  'dry-run': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const commonUsage = `Common options:
  --repo DIR        the repository (default: current directory)
  --base REF        the committed revision the pull request will merge into: chaincode sequences
                    follow it and the approvals cover every change since it (default: main if it
                    exists, else HEAD; outside Git, the working tree before the change)
  --format text|json
  --dry-run         check the change and show its approvals without writing anything`;

export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: O) {
  return parseCommandArgs(argv, { ...commonOptions, ...options }, { allowPositionals: true });
}

export interface CommonValues {
  readonly repo?: string | undefined;
  readonly base?: string | undefined;
  readonly format?: string | undefined;
  readonly 'dry-run'?: boolean | undefined;
}

export function prepareAuthoring(
  values: CommonValues,
  io: CliIo,
): { services: AuthoringServices; format: 'text' | 'json'; dryRun: boolean } {
  const format = parseFormat(values.format, ['text', 'json']);
  const repoDir = resolve(io.cwd, values.repo ?? '.');
  return {
    services: createAuthoringServices({ repoDir, now: io.now(), baseRef: values.base }),
    format,
    dryRun: values['dry-run'] === true,
  };
}

export function printAuthoringResult(
  io: CliIo,
  result: AuthoringResult<unknown>,
  options: { format: 'text' | 'json'; headline: string; details: Record<string, unknown>; next?: readonly string[] },
): ExitCode {
  // A pull request whose governance check would say `error` cannot be approved by anyone: the
  // command says so through its exit status, and does not invite its user to commit and push.
  const previewFails = result.approvals.errors.length > 0;
  if (options.format === 'json') write(io.stdout, toAuthoringJson(result, options.details));
  else
    write(
      io.stdout,
      formatAuthoringResult(result, {
        headline: options.headline,
        // A change to a channel on the ledger needs its config update and signatures first.
        ...(options.next === undefined || previewFails
          ? {}
          : { next: [...describeLedgerNextSteps(result.ledgerUpdates), ...options.next] }),
      }),
    );
  return previewFails ? ExitCode.findings : ExitCode.ok;
}

/** The usage error for a missing or unknown subcommand. */
export function subcommandError(sub: string | undefined, expected: readonly string[]): UsageError {
  const names = expected.join(' or ');
  return new UsageError(
    sub === undefined ? `expected a subcommand: ${names}` : `unknown subcommand "${sub}" (expected ${names})`,
  );
}

export function requirePositionals(positionals: readonly string[], names: readonly string[]): string[] {
  if (positionals.length !== names.length) {
    throw new UsageError(
      `expected ${names.join(' ')}${positionals.length > names.length ? `, got extra "${positionals.slice(names.length).join(' ')}"` : ''}`,
    );
  }
  return [...positionals];
}

export function splitList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export const nextSteps = (branch: string, message: string): string[] => [
  `git switch -c ${branch}   (unless you are on a branch for this change already)`,
  `git add -A && git commit -m "${message}"`,
  'push and open a pull request: its governance check reports these approvals as reviews arrive',
];
