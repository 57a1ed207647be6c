import type { CliCommand } from './command.ts';

export interface CommandEntry {
  /** How the command appears in the top-level usage (name and subcommands). */
  readonly synopsis: string;
  readonly summary: string;
  readonly load: () => Promise<{ command: CliCommand }>;
}

/**
 * Every subcommand, loaded lazily so that `consortium policy parse` does not pay for loading the
 * Kubernetes or GitHub adapters. Each module exports `command: CliCommand`. The top-level usage,
 * `consortium help` and shell completion are all generated from this table, so they cannot drift.
 */
export const commandRegistry: Readonly<Record<string, CommandEntry>> = {
  validate: {
    synopsis: 'validate',
    summary: 'check the repository (schemas, Fabric rules, certificates)',
    load: () => import('./commands/validate.ts'),
  },
  policy: {
    synopsis: 'policy parse|eval',
    summary: 'parse or evaluate a Fabric signature policy',
    load: () => import('./commands/policy.ts'),
  },
  approvals: {
    synopsis: 'approvals',
    summary: 'which member organizations must approve a change, and whether they have',
    load: () => import('./commands/approvals.ts'),
  },
  render: {
    synopsis: 'render',
    summary: "write each member's Kubernetes manifests",
    load: () => import('./commands/render.ts'),
  },
  plan: {
    synopsis: 'plan',
    summary: "show what reconcile would change in each member's cluster",
    load: () => import('./commands/plan.ts'),
  },
  reconcile: {
    synopsis: 'reconcile',
    summary: "converge each member's cluster to its rendered manifests",
    load: () => import('./commands/reconcile.ts'),
  },
  status: { synopsis: 'status', summary: 'the consortium at a glance', load: () => import('./commands/status.ts') },
  org: {
    synopsis: 'org init|remove',
    summary: 'add or remove a member organization',
    load: () => import('./commands/org.ts'),
  },
  channel: {
    synopsis: 'channel propose|add-member|import|update|sign|verify',
    summary: 'propose a channel or add a member to one',
    load: () => import('./commands/channel.ts'),
  },
  chaincode: {
    synopsis: 'chaincode propose',
    summary: 'define or upgrade a chaincode',
    load: () => import('./commands/chaincode.ts'),
  },
  main: {
    synopsis: 'main',
    summary: 'the job `npm start` runs: validate, render and status of the repository',
    load: () => import('./commands/main.ts'),
  },
  completion: {
    synopsis: 'completion bash|zsh',
    summary: 'print a shell completion script',
    load: () => import('./commands/completion.ts'),
  },
};

export function findCommand(name: string): CommandEntry | undefined {
  return Object.hasOwn(commandRegistry, name) ? commandRegistry[name] : undefined;
}
