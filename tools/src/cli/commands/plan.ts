import type { CliCommand } from '../command.ts';
import { reconcileOptions, runReconcileCli, sharedUsage } from './reconcile.ts';

const usage = `Usage: consortium plan (--org ID | --all) [options]

Shows, per member cluster and object, what \`consortium reconcile\` would do: create, update
(with the field-level difference from a server-side dry run; Secret values hidden), delete, or
nothing; and drift (fields another field manager changed). Writes nothing. Run on a schedule it
is a drift report.

${sharedUsage}

Exit codes: 0 in sync, 3 changes pending, 1 a cluster could not be planned, 2 usage.`;

export const command: CliCommand = {
  name: 'plan',
  summary: 'show what reconcile would change in each member cluster',
  usage,
  options: reconcileOptions,
  run: (argv, io) => runReconcileCli(argv, io, 'plan'),
};
