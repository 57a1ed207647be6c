// The toolkit's few error classes. The CLI's one top-level handler maps each to an exit code
// (see cli/exit-codes.ts); everything else that escapes is a bug and is reported as such.

/** The command line itself is wrong: unknown flag, missing argument. Exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The input was understood and is wrong: a policy that does not parse, a repository that does not
 * validate, an apply that failed. Exit 1. `details` carries a printable explanation.
 */
export class FindingsError extends Error {
  override readonly name = 'FindingsError';
}

/** A remote service (GitHub, a Kubernetes API server) failed. Exit 1 unless it is our fault. */
export class ExternalServiceError extends Error {
  override readonly name = 'ExternalServiceError';
  readonly service: string;
  readonly status: number | undefined;
  constructor(service: string, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.service = service;
    this.status = options.status;
  }
}

/** An invariant of the toolkit itself broke: "this is a bug". Exit 2. */
export class InternalError extends Error {
  override readonly name = 'InternalError';
}
