// The one top-level error handler: maps the toolkit's error classes to exit codes and prints them,
// for people on standard error and, with --format json, as JSON on standard output too, so a script
// that asked for JSON always gets JSON, whatever happened.
import { ExitCode } from './exit-codes.ts';
import { write, type CliIo } from './io.ts';
import { redactSecrets } from './redact.ts';
import { ExternalServiceError, FindingsError, InternalError, UsageError } from '../errors.ts';

/** The `kind` of an error in JSON output; one word per error class of ../errors.ts. */
export type ErrorKind = 'usage' | 'findings' | 'external' | 'internal';

/** Whether the command line asks for JSON (`--format json` or `--format=json`). */
export function wantsJson(args: readonly string[]): boolean {
  return args.some((a, i) => a === '--format=json' || (a === '--format' && args[i + 1] === 'json'));
}

export function writeJson(io: CliIo, value: unknown): void {
  write(io.stdout, JSON.stringify(value, null, 2));
}

/**
 * The JSON every failing command prints: `{ "ok": false, "error": { "kind", "message", ... } }`.
 * Commands that report a finding themselves (an unparsable policy) use the same shape.
 */
export function errorJson(kind: ErrorKind, message: string, extra: Record<string, unknown> = {}): unknown {
  return { ok: false, error: { kind, message, ...extra, exitCode: exitCodeOf(kind) } };
}

function exitCodeOf(kind: ErrorKind): ExitCode {
  return kind === 'findings' || kind === 'external' ? ExitCode.findings : ExitCode.usage;
}

interface ErrorContext {
  readonly io: CliIo;
  readonly debug: boolean;
  readonly json: boolean;
  /** The subcommand, when the command line named a known one. */
  readonly command: string | undefined;
}

export function reportError(error: unknown, ctx: ErrorContext): ExitCode {
  const { kind, message, extra, help } = describe(error, ctx);
  const redact = (text: string) => redactSecrets(text, ctx.io.env, ctx.debug);
  const prefix = ctx.command === undefined ? 'consortium' : `consortium ${ctx.command}`;
  write(ctx.io.stderr, redact(`${prefix}: ${message}${help === undefined ? '' : `\n${help}`}`));
  if (ctx.json) write(ctx.io.stdout, redact(JSON.stringify(errorJson(kind, message, extra), null, 2)));
  return exitCodeOf(kind);
}

function describe(
  error: unknown,
  ctx: ErrorContext,
): { kind: ErrorKind; message: string; extra?: Record<string, unknown>; help?: string } {
  if (error instanceof UsageError) {
    const help =
      ctx.command === undefined
        ? 'Run `consortium --help` for the commands.'
        : `Run \`consortium ${ctx.command} --help\` for usage.`;
    return { kind: 'usage', message: error.message, help };
  }
  if (error instanceof FindingsError) return { kind: 'findings', message: error.message };
  if (error instanceof ExternalServiceError) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    const cause = ctx.debug && error.cause instanceof Error ? `\n${error.cause.stack ?? error.cause.message}` : '';
    return {
      kind: 'external',
      message: `${error.service}${status}: ${error.message}${cause}`,
      extra: { service: error.service, ...(error.status === undefined ? {} : { status: error.status }) },
    };
  }
  const missing = missingDependency(error);
  if (missing !== undefined)
    return {
      kind: 'usage',
      message: `the toolkit's dependencies are not installed (cannot load "${missing}"): run \`npm ci\` at the repository root`,
    };
  const detail = error instanceof Error ? (ctx.debug ? (error.stack ?? error.message) : error.message) : String(error);
  const what = error instanceof InternalError ? 'internal error' : 'unexpected error';
  return {
    kind: 'internal',
    message: `${what}: ${detail}`,
    help: `This is a bug in the toolkit; please report it${ctx.debug ? '.' : ' with the output of --debug.'}`,
  };
}

/**
 * A package the toolkit imports that is not in node_modules: the user has not run `npm ci` (or
 * ran it for another version of the toolkit). A missing file of the toolkit itself is a bug.
 */
export function missingDependency(error: unknown): string | undefined {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') return undefined;
  const name = /Cannot find (?:package|module) '([^']+)'/.exec(error.message)?.[1];
  if (name === undefined || name.startsWith('.') || name.startsWith('/')) return undefined;
  return name;
}
