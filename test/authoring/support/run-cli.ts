// The CLI as the authoring tests run it: a pinned clock (certificates and approvals are dated) and
// a home directory that does not exist, so nothing lands in the real one unless a test asks for it.
import { runCli as runCliInProcess, type CliRun } from '../../support/run-cli.ts';

export type { CliRun };

export function runCli(argv: readonly string[], options: { cwd: string; home?: string; now?: Date }): Promise<CliRun> {
  return runCliInProcess(argv, {
    cwd: options.cwd,
    env: { HOME: options.home ?? '/nonexistent-home' },
    now: options.now ?? new Date('2027-06-01T00:00:00Z'),
  });
}
