// A chaincode upgrade on the running network, as docs/authoring.md ("Upgrading without an outage")
// describes it: a pull request with `consortium chaincode propose` (the new version, its
// `previous:` naming the committed one), merged after the governance check; every member's
// reconcile runs the new version's server beside the old one, the approve Jobs approve, a commit
// Job commits; then a follow-up pull request removes `previous:` and reconcile prunes the old
// server. A client keeps invoking meanwhile (the test runs it; see member-client.ts).
import { chaincodeServerName } from '../../tools/src/model/resource-names.ts';
import { getObject } from '../node/apply.ts';
import { waitFor } from '../cluster/wait.ts';
import { cli, secondsSince, type NetworkContext } from './network-context.ts';
import { openPullRequest, type Verdict } from './pull-request.ts';
import { jobLogs } from './job-log.ts';
import { waitForJobsComplete, waitForWorkloadsReady } from './workloads.ts';

export interface UpgradeOptions {
  readonly channel: string;
  readonly chaincode: string;
  /** The version committed now, and the new one. */
  readonly from: string;
  readonly to: string;
  /** The new version's image (the node holds one image; both versions may run it). */
  readonly image: string;
  /** The members whose admins review the pull requests (the governance check's approvers). */
  readonly approvers: readonly string[];
  /** The members running the chaincode (its installedOn). */
  readonly runners: readonly string[];
  readonly timeoutMs?: number;
}

export interface UpgradeResult {
  readonly approvals: Verdict;
  readonly sequence: number;
  /** Each runner's commit Job logs once the new sequence is committed. */
  readonly commitLogs: Readonly<Record<string, string>>;
  readonly seconds: Readonly<Record<string, number>>;
}

function serverName(options: UpgradeOptions, version: string): string {
  return chaincodeServerName({ name: options.chaincode, channel: options.channel, version });
}

/** The pull request that upgrades, merged; then every member reconciles until the new sequence is committed. */
export async function upgradeChaincode(network: NetworkContext, options: UpgradeOptions): Promise<UpgradeResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const { repo, keyDir } = network.example;
  const repoArgs = ['--repo', repo.dir];
  const seconds: Record<string, number> = {};
  let start = performance.now();
  const pr = openPullRequest(repo.dir, `upgrade-${options.chaincode}-${options.to}`);
  await cli([
    'chaincode',
    'propose',
    options.channel,
    options.chaincode,
    '--version',
    options.to,
    '--image',
    options.image,
    ...repoArgs,
  ]);
  const file = `channels/${options.channel}/chaincodes/${options.chaincode}.yaml`;
  const text = await repo.read(file);
  const sequence = Number(/^sequence: (\d+)$/m.exec(text)?.[1] ?? NaN);
  if (!/^previous:\n {2}version: /m.test(text) || !text.includes(`version: ${options.from}`))
    throw new Error(`chaincode propose wrote no previous: naming ${options.from}:\n${text}`);
  await cli(['validate', ...repoArgs]);
  pr.commit(`Upgrade ${options.chaincode} on ${options.channel} to ${options.to}`);
  const approvals = await pr.check({ author: 'e2e-operator', approvers: options.approvers, workDir: keyDir });
  if (approvals.verdict !== 'approved') throw new Error(`the upgrade is not approved: ${JSON.stringify(approvals)}`);
  pr.merge();
  seconds['pull request'] = secondsSince(start);

  start = performance.now();
  await cli(['reconcile', '--all', ...repoArgs, '--kubeconfig', network.kubeconfig]);
  const runners = network.members.filter((m) => options.runners.includes(m.org));
  for (const member of runners)
    await waitForWorkloadsReady(network.cluster.api, member.namespace, {
      names: [serverName(options, options.from), serverName(options, options.to)],
      kinds: ['deployments'],
      timeoutMs,
    });
  seconds['both servers running'] = secondsSince(start);

  start = performance.now();
  const commitLogs: Record<string, string> = {};
  const committed = `sequence ${sequence} of ${options.chaincode} is committed on ${options.channel}`;
  for (const member of runners) {
    const approve = `${options.chaincode}-${options.channel}-approve-`;
    const commit = `${options.chaincode}-${options.channel}-commit-`;
    await waitForJobsComplete(network.cluster.api, member.namespace, { prefix: approve, timeoutMs });
    await waitForJobsComplete(network.cluster.api, member.namespace, { prefix: commit, timeoutMs });
    commitLogs[member.org] = await jobLogs(network.cluster.api, member.namespace, commit);
    if (!commitLogs[member.org]?.includes(committed))
      throw new Error(`${member.org}'s commit Jobs do not say "${committed}":\n${commitLogs[member.org] ?? ''}`);
  }
  seconds['approved and committed'] = secondsSince(start);
  return { approvals, sequence, commitLogs, seconds };
}

/** The follow-up pull request without `previous:`; reconcile then prunes the old version's server. */
export async function pruneOldServer(
  network: NetworkContext,
  options: UpgradeOptions,
): Promise<{ readonly approvals: Verdict; readonly seconds: number }> {
  const start = performance.now();
  const { repo, keyDir } = network.example;
  const repoArgs = ['--repo', repo.dir];
  const pr = openPullRequest(repo.dir, `prune-${options.chaincode}-${options.from}`);
  const file = `channels/${options.channel}/chaincodes/${options.chaincode}.yaml`;
  await repo.edit(file, (text) => text.replace(/^(?:#.*\n)*previous:\n(?: {2}.*\n)+/m, ''));
  await cli(['validate', ...repoArgs]);
  pr.commit(`Stop ${options.chaincode} ${options.from} on ${options.channel}: ${options.to} is committed`);
  const approvals = await pr.check({ author: 'e2e-operator', approvers: options.approvers, workDir: keyDir });
  if (approvals.verdict !== 'approved') throw new Error(`the prune is not approved: ${JSON.stringify(approvals)}`);
  pr.merge();
  await cli(['reconcile', '--all', ...repoArgs, '--kubeconfig', network.kubeconfig]);
  const old = serverName(options, options.from);
  for (const member of network.members.filter((m) => options.runners.includes(m.org)))
    await waitFor({
      what: `${member.namespace}/${old} pruned`,
      timeoutMs: options.timeoutMs ?? 120_000,
      intervalMs: 2_000,
      check: async () =>
        (await getObject(network.cluster.api, `/apis/apps/v1/namespaces/${member.namespace}/deployments/${old}`)) ===
        undefined,
    });
  return { approvals, seconds: secondsSince(start) };
}
