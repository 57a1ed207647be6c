import type { CliCommand } from './command.ts';

/**
 * Subcommands, loaded lazily so that `consortium policy parse` does not pay for loading the
 * Kubernetes or GitHub adapters. Each module exports `command: CliCommand`.
 */
export const commandLoaders: Readonly<Record<string, () => Promise<{ command: CliCommand }>>> = {
  main: () => import('./commands/main.ts'),
  validate: () => import('./commands/validate.ts'),
  policy: () => import('./commands/policy.ts'),
  approvals: () => import('./commands/approvals.ts'),
  render: () => import('./commands/render.ts'),
  plan: () => import('./commands/plan.ts'),
  reconcile: () => import('./commands/reconcile.ts'),
  status: () => import('./commands/status.ts'),
  org: () => import('./commands/org.ts'),
  channel: () => import('./commands/channel.ts'),
  chaincode: () => import('./commands/chaincode.ts'),
};
