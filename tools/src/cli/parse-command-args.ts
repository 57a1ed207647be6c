// Argument parsing every subcommand shares: node:util parseArgs in strict mode, with what it throws
// (an unknown option, a missing value) turned into a usage error (exit 2) instead of a stack trace,
// and the --format check with one wording everywhere.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

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
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** The --format value, one of `formats`; the first is the default. */
export function parseFormat<const F extends string>(value: string | undefined, formats: readonly [F, ...F[]]): F {
  const format = value ?? formats[0];
  if ((formats as readonly string[]).includes(format)) return format as F;
  const expected = `${formats.slice(0, -1).join(', ')} or ${formats[formats.length - 1]}`;
  throw new UsageError(`--format must be ${expected} (got "${format}")`);
}
