// A fourth member joins the running example consortium through the ledger path (docs/channels.md),
// on the node: the pull request (`org init` with its keys in the example's key directory, `channel
// add-member`, `channel update`, the current members' admins `channel sign` with their own keys,
// `channel verify`, the governance check) merged into main, then `consortium reconcile`, the new
// member's first: it gets its namespace, provides its Secrets with `org secrets`, its CA and
// enrollment run, and its peer's join Job waits because the ledger config lacks its org; then every
// member's: the signers' rendered submission Jobs submit the signed update to the ordering service,
// the join Job joins, and the new peer reaches the others' height.
// test/fabric-network/add-member.fabric.test.ts is the same path on a native network.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { waitFor } from '../cluster/wait.ts';
import { runCli } from '../support/run-cli.ts';
import { useSmallResources } from './example-with-keys.ts';
import { memberClusters, type MemberCluster } from './members-kubeconfig.ts';
import { cli, firstPeer, secondsSince, type NetworkContext } from './network-context.ts';
import { waitForSameHeight } from './peer-ledger.ts';
import { openPullRequest, type Verdict } from './pull-request.ts';
import { jobLog } from './job-log.ts';
import { waitForJobsComplete, waitForWorkloadsReady } from './workloads.ts';

export interface NewMember {
  readonly org: string;
  readonly mspId: string;
  /** Its domain; its ingress domain is fabric.<domain>, which must resolve to the gateway on the node. */
  readonly domain: string;
  readonly admin: string;
}

/** The default fourth member: its domain lies in the node's test zone (members.consortium.test). */
export const DISTRIBUTOR: NewMember = {
  org: 'distributor',
  mspId: 'NordicDistributionMSP',
  domain: 'nordic-distribution.members.consortium.test',
  admin: 'erik-nd:58120934',
};

export interface AddMemberOptions {
  readonly channel: string;
  /** Current members whose admins sign the update (the channel's Admins policy over them). */
  readonly signers: readonly string[];
  /** Current members whose peers the new peer's height is compared with. */
  readonly compareWith: readonly string[];
  readonly member?: NewMember;
  /** Chaincodes of the channel the new member runs too (added to their installedOn). */
  readonly runsChaincodes?: readonly string[];
  readonly timeoutMs?: number;
}

export interface AddMemberResult {
  readonly member: MemberCluster;
  /** The update's folder name, e.g. "0001". */
  readonly update: string;
  readonly mergeCommit: string;
  /** The governance check of the pull request before its merge. */
  readonly approvals: Verdict;
  /** `channel update`'s text: what the update changes and whose signatures it needs. */
  readonly updateText: string;
  /** MSP IDs whose signatures `channel verify` counted. */
  readonly counted: readonly string[];
  /** The submission Jobs' logs, by org. */
  readonly submissionLogs: Readonly<Record<string, string>>;
  /** The line of the new peer's join Job saying it waits for the ledger to contain its org. */
  readonly joinWaiting: string;
  /** The new peer's join Job log. */
  readonly joinLog: string;
  /** The channel height every compared peer and the new one reached. */
  readonly height: number;
  /** Seconds per phase. */
  readonly seconds: Readonly<Record<string, number>>;
}

/** The new org's org.yaml as the other members' copies are set up for the node. */
async function fitNewOrgToNode(network: NetworkContext, org: string): Promise<void> {
  const { repo } = network.example;
  const reference = parseDocument(await repo.read(`orgs/${network.members[0]?.org ?? ''}/org.yaml`));
  const className = String(reference.getIn(['cluster', 'ingress', 'className']));
  await repo.edit(`orgs/${org}/org.yaml`, (text) => {
    const doc = parseDocument(text);
    doc.setIn(['cluster', 'ingress', 'className'], className);
    if (network.cluster.storageClass !== undefined)
      doc.setIn(['cluster', 'storageClass'], network.cluster.storageClass);
    return doc.toString({ lineWidth: 0 }).replaceAll('stateDb: couchdb', 'stateDb: leveldb');
  });
  await useSmallResources(repo, [org]);
}

async function addToInstalledOn(network: NetworkContext, channel: string, chaincode: string, org: string) {
  await network.example.repo.edit(`channels/${channel}/chaincodes/${chaincode}.yaml`, (text) => {
    const doc = parseDocument(text);
    const installedOn = doc.get('installedOn') as { add(value: string): void } | undefined;
    if (installedOn === undefined) throw new Error(`${chaincode} has no installedOn list`);
    installedOn.add(org);
    return doc.toString({ lineWidth: 0 });
  });
}

/** The pull request that adds the member, signed and verified, merged into main. */
export async function proposeNewMember(
  network: NetworkContext,
  options: AddMemberOptions,
): Promise<Pick<AddMemberResult, 'update' | 'mergeCommit' | 'approvals' | 'updateText' | 'counted'>> {
  const member = options.member ?? DISTRIBUTOR;
  const { repo, keyDir } = network.example;
  const repoArgs = ['--repo', repo.dir];
  const pr = openPullRequest(repo.dir, `add-${member.org}`);
  await cli([
    'org',
    'init',
    member.org,
    '--msp-id',
    member.mspId,
    '--region',
    'eu-north',
    '--domain',
    member.domain,
    '--admin',
    member.admin,
    '--peers',
    '1',
    '--namespace',
    `fabric-${member.org}`,
    '--cluster-name',
    `${member.org}-cluster`,
    '--egress-cidr',
    '203.0.113.128/25',
    '--key-dir',
    keyDir,
    ...repoArgs,
  ]);
  await fitNewOrgToNode(network, member.org);
  await cli(['channel', 'add-member', options.channel, member.org, ...repoArgs]);
  for (const chaincode of options.runsChaincodes ?? [])
    await addToInstalledOn(network, options.channel, chaincode, member.org);

  const updateText = await cli(['channel', 'update', options.channel, ...repoArgs]);
  const updates = (await readdir(join(repo.dir, 'channels', options.channel, 'updates'))).sort();
  const update = updates[updates.length - 1];
  if (update === undefined) throw new Error(`channel update wrote no update:\n${updateText}`);

  const unsigned = await runCli(['channel', 'verify', options.channel, '--format', 'json', ...repoArgs]);
  if (unsigned.code !== 1) throw new Error(`an unsigned update verified (exit ${unsigned.code}):\n${unsigned.stdout}`);
  for (const org of options.signers)
    await cli(['channel', 'sign', options.channel, '--org', org, '--key-dir', keyDir, ...repoArgs]);
  const verified = JSON.parse(await cli(['channel', 'verify', options.channel, '--format', 'json', ...repoArgs])) as {
    update: string;
    satisfied: boolean;
    signatures: { mspId: string; counted: boolean }[];
  };
  if (!verified.satisfied || verified.update !== update)
    throw new Error(`update ${update} is not satisfied: ${JSON.stringify(verified)}`);
  await cli(['validate', ...repoArgs]);
  pr.commit(`Add ${member.mspId} to ${options.channel}`);
  // The governance check: the signers' admins approve the pull request the new member opened.
  const approvals = await pr.check({
    author: member.admin.split(':')[0] ?? '',
    approvers: options.signers,
    workDir: keyDir,
  });
  if (approvals.verdict !== 'approved')
    throw new Error(`the pull request is not approved: ${JSON.stringify(approvals)}`);
  const mergeCommit = pr.merge();
  return {
    update,
    mergeCommit,
    approvals,
    updateText,
    counted: verified.signatures.filter((s) => s.counted).map((s) => s.mspId),
  };
}

/**
 * After the merge, the members reconcile on their own schedules: the new member first (its CA,
 * enrollment and peer start, and its peer's join Job finds a ledger without its org and waits, as
 * it must: neither failing nor joining early), then every member, so the signers' submission Jobs
 * put the update on the ledger, the join Job joins, and the new peer reaches the others' height.
 */
export async function reconcileNewMember(
  network: NetworkContext,
  options: AddMemberOptions,
): Promise<Pick<AddMemberResult, 'member' | 'submissionLogs' | 'joinWaiting' | 'joinLog' | 'height' | 'seconds'>> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const { org, mspId } = options.member ?? DISTRIBUTOR;
  const { repo, keyDir } = network.example;
  const seconds: Record<string, number> = {};
  const [member] = await memberClusters(repo.dir, [org]);
  if (member === undefined) throw new Error(`no org.yaml for ${org}`);
  await network.cluster.writeMembersKubeconfig(network.kubeconfig, [...network.members, member]);
  const reconcile = async (scope: readonly string[]) => {
    const run = await runCli(['reconcile', ...scope, '--repo', repo.dir, '--kubeconfig', network.kubeconfig]);
    if (run.code !== 0) throw new Error(`reconcile ${scope.join(' ')} exited ${run.code}:\n${run.stderr}`);
  };

  let start = performance.now();
  await reconcile(['--org', org]);
  await cli(['org', 'secrets', org, '--key-dir', keyDir, '--kubeconfig', network.kubeconfig, '--repo', repo.dir]);
  seconds['new member reconciled, org secrets'] = secondsSince(start);

  start = performance.now();
  await waitForWorkloadsReady(network.cluster.api, member.namespace, { names: [`ca-${org}`], timeoutMs });
  await waitForJobsComplete(network.cluster.api, member.namespace, { prefix: 'fabric-enroll-', timeoutMs });
  seconds['new CA ready and identities enrolled'] = secondsSince(start);

  start = performance.now();
  const joinPrefix = `peer0-${org}-join-${options.channel}-`;
  await waitForWorkloadsReady(network.cluster.api, member.namespace, { names: [`peer0-${org}`], timeoutMs });
  const joinWaiting = await waitForLogLine(
    network,
    member.namespace,
    joinPrefix,
    new RegExp(`waiting: .*(does not contain|refused until) ${mspId}.*`),
    timeoutMs,
  );
  seconds['new peer up, its join Job waiting for the ledger'] = secondsSince(start);

  start = performance.now();
  await reconcile(['--all']);
  seconds['every member reconciled'] = secondsSince(start);

  start = performance.now();
  const submissionLogs: Record<string, string> = {};
  const signerMembers = network.members.filter((m) => options.signers.includes(m.org));
  for (const signer of signerMembers) {
    const prefix = `${options.channel}-update-`;
    await waitForJobsComplete(network.cluster.api, signer.namespace, { prefix, timeoutMs });
    submissionLogs[signer.org] = await jobLog(network.cluster.api, signer.namespace, prefix);
  }
  seconds['update submitted by the signers'] = secondsSince(start);

  start = performance.now();
  await waitForJobsComplete(network.cluster.api, member.namespace, { prefix: joinPrefix, timeoutMs });
  const joinLog = await jobLog(network.cluster.api, member.namespace, joinPrefix);
  seconds['new peer joined'] = secondsSince(start);

  start = performance.now();
  const compared = network.members.filter((m) => options.compareWith.includes(m.org));
  const height = await waitForSameHeight(
    [...compared, member].map((m) => firstPeer(network, m)),
    options.channel,
    { atLeast: 2, timeoutMs },
  );
  seconds['new peer at the others’ height'] = secondsSince(start);
  return { member, submissionLogs, joinWaiting, joinLog, height, seconds };
}

/** Waits until a pod of the Job whose name starts with `prefix` has logged a line matching `line`; returns it. */
async function waitForLogLine(
  network: NetworkContext,
  namespace: string,
  prefix: string,
  line: RegExp,
  timeoutMs: number,
): Promise<string> {
  let found: string | undefined;
  let last = '';
  await waitFor({
    what: `a line ${String(line)} in the log of Job ${namespace}/${prefix}*`,
    timeoutMs,
    intervalMs: 2_000,
    check: async () => {
      last = await jobLog(network.cluster.api, namespace, prefix);
      found = line.exec(last)?.[0];
      return found !== undefined;
    },
    logTail: () => last.split('\n').slice(-10).join('\n'),
  });
  return found ?? '';
}
