/** Exit codes of every subcommand (DESIGN.md, CLI contract). */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  changesPending: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
