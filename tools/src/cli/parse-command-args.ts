// Argument parsing every subcommand shares: node:util parseArgs in strict mode, with what it throws
// (an unknown option, a missing value) turned into a usage error (exit 2) instead of a stack trace,
// and the --format check with one wording everywhere.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';
import { closestName } from '../model/closest-name.ts';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

interface StrictConfig<O extends OptionsConfig, P extends boolean> {
  args: string[];
  options: O;
  allowPositionals: P;
  strict: true;
}

export function parseCommandArgs<O extends OptionsConfig, P extends boolean = false>(
  argv: readonly string[],
  options: O,
  settings?: { readonly allowPositionals: P },
): ReturnType<typeof parseArgs<StrictConfig<O, P>>> {
  const config: StrictConfig<O, P> = {
    args: [...argv],
    options,
    // Without settings P is its default, false.
    allowPositionals: (settings?.allowPositionals ?? false) as P,
    strict: true,
  };
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(explainParseError(error, options));
  }
}

/** parseArgs' message, with the option the user probably meant when it does not know one. */
function explainParseError(error: unknown, options: OptionsConfig): string {
  const message = error instanceof Error ? error.message : String(error);
  if ((error as NodeJS.ErrnoException | null)?.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return message;
  const typed = /Unknown option '(-{1,2})([^'=]+)'/.exec(message);
  if (typed === null) return message;
  const guess = closestName(typed[2] ?? '', Object.keys(options));
  return `Unknown option '${typed[1]}${typed[2]}'${guess === undefined ? '' : `; did you mean '--${guess}'?`}`;
}

/** The --format value, one of `formats`; the first is the default. */
export function parseFormat<const F extends string>(value: string | undefined, formats: readonly [F, ...F[]]): F {
  const format = value ?? formats[0];
  if ((formats as readonly string[]).includes(format)) return format as F;
  const expected = `${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}`;
  throw new UsageError(`--format must be ${expected} (got "${format}")`);
}
