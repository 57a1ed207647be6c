// A fourth member joins the running example consortium through the ledger path (docs/channels.md),
// on the node: the pull request (`org init` with its keys in the example's key directory, `channel
// add-member`, `channel update`, the current members' admins `channel sign` with their own keys,
// `channel verify`) merged into main, then every member's `consortium reconcile`: the signers'
// rendered submission Jobs submit the signed update to the ordering service, the new member gets its
// namespace, provides its Secrets with `org secrets`, its CA and enrollment run, and its peer's join
// Job waits until the ledger config contains the org, joins, and the peer reaches the others' height.
// test/fabric-network/add-member.fabric.test.ts is the same path on a native network.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { runCli } from '../support/run-cli.ts';
import { useSmallResources } from './example-with-keys.ts';
import { memberClusters, writeMembersKubeconfig, type MemberCluster } from './members-kubeconfig.ts';
import { firstPeer, secondsSince, type NetworkContext } from './network-context.ts';
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
  /** The new peer's join Job log. */
  readonly joinLog: string;
  /** The channel height every compared peer and the new one reached. */
  readonly height: number;
  /** Seconds per phase. */
  readonly seconds: Readonly<Record<string, number>>;
}

async function cli(args: readonly string[]): Promise<string> {
  const run = await runCli(args, { now: new Date() });
  if (run.code !== 0) throw new Error(`consortium ${args.join(' ')} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}

/** The new org's org.yaml as the other members' copies are set up for the node. */
async function fitNewOrgToNode(network: NetworkContext, org: string): Promise<void> {
  const { repo } = network.example;
  const reference = parseDocument(await repo.read(`orgs/${network.members[0]?.org ?? ''}/org.yaml`));
  const className = String(reference.getIn(['cluster', 'ingress', 'className']));
  await repo.edit(`orgs/${org}/org.yaml`, (text) => {
    const doc = parseDocument(text);
    doc.setIn(['cluster', 'ingress', 'className'], className);
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
 * After the merge: every member reconciles, the new member provides its Secrets, and the steps of
 * the ledger path run in the members' clusters until the new peer has the others' height.
 */
export async function reconcileNewMember(
  network: NetworkContext,
  options: AddMemberOptions,
): Promise<Pick<AddMemberResult, 'member' | 'submissionLogs' | 'joinLog' | 'height' | 'seconds'>> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const org = (options.member ?? DISTRIBUTOR).org;
  const { repo, keyDir } = network.example;
  const seconds: Record<string, number> = {};
  const [member] = await memberClusters(repo.dir, [org]);
  if (member === undefined) throw new Error(`no org.yaml for ${org}`);
  await writeMembersKubeconfig(network.kubeconfig, network.cluster, [...network.members, member]);

  let start = performance.now();
  const reconcile = await runCli(['reconcile', '--all', '--repo', repo.dir, '--kubeconfig', network.kubeconfig]);
  if (reconcile.code !== 0) throw new Error(`reconcile --all exited ${reconcile.code}:\n${reconcile.stderr}`);
  await cli(['org', 'secrets', org, '--key-dir', keyDir, '--kubeconfig', network.kubeconfig, '--repo', repo.dir]);
  seconds['reconcile and org secrets'] = secondsSince(start);

  start = performance.now();
  await waitForWorkloadsReady(network.cluster, member.namespace, { names: [`ca-${org}`], timeoutMs });
  await waitForJobsComplete(network.cluster, member.namespace, { prefix: 'fabric-enroll-', timeoutMs });
  seconds['new CA ready and identities enrolled'] = secondsSince(start);

  start = performance.now();
  const channelLabel = options.channel;
  const submissionLogs: Record<string, string> = {};
  const signerMembers = network.members.filter((m) => options.signers.includes(m.org));
  for (const signer of signerMembers) {
    const prefix = `${channelLabel}-update-`;
    await waitForJobsComplete(network.cluster, signer.namespace, { prefix, timeoutMs });
    submissionLogs[signer.org] = await jobLog(network.cluster, signer.namespace, prefix);
  }
  seconds['update submitted by the signers'] = secondsSince(start);

  start = performance.now();
  const joinPrefix = `peer0-${org}-join-${channelLabel}-`;
  await waitForWorkloadsReady(network.cluster, member.namespace, { names: [`peer0-${org}`], timeoutMs });
  await waitForJobsComplete(network.cluster, member.namespace, { prefix: joinPrefix, timeoutMs });
  const joinLog = await jobLog(network.cluster, member.namespace, joinPrefix);
  seconds['new peer joined'] = secondsSince(start);

  start = performance.now();
  const compared = network.members.filter((m) => options.compareWith.includes(m.org));
  const height = await waitForSameHeight(
    [...compared, member].map((m) => firstPeer(network, m)),
    options.channel,
    { atLeast: 2, timeoutMs },
  );
  seconds['new peer at the others’ height'] = secondsSince(start);
  return { member, submissionLogs, joinLog, height, seconds };
}
