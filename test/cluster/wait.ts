export interface WaitForOptions {
  /** What is awaited, for the error message. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** True when ready. Errors count as "not yet" (the server may not listen yet). */
  check(): Promise<boolean>;
  /** A reason to give up early (e.g. the process exited), or undefined. */
  failed?(): string | undefined;
  /** Tail of the component's log, quoted when waiting fails. */
  logTail?(): string;
}

export async function waitFor(options: WaitForOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      if (await options.check()) return;
      lastError = '';
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    const failure = options.failed?.();
    const timedOut = Date.now() > deadline;
    if (failure !== undefined || timedOut) {
      const why = failure ?? `not ready after ${Math.round(options.timeoutMs / 1000)}s`;
      const last = lastError === '' ? '' : ` (last error: ${lastError})`;
      const tail = options.logTail === undefined ? '' : `\n--- log tail ---\n${options.logTail()}`;
      throw new Error(`${options.what}: ${why}${last}${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
