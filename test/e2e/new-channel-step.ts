// A new channel created from a pull request, on the node: `consortium channel propose` writes its
// channel.yaml and block 0, the pull request is merged into main, every member reconciles, the
// consenters' orderer join Jobs join the channel through the committed block 0 (a Raft leader is
// elected among them) and the join Jobs of its members' peers join it; each peer lists the channel
// and all reach the same height.
import { waitFor } from '../cluster/wait.ts';
import { podLog } from '../node/pods.ts';
import { runCli } from '../support/run-cli.ts';
import { jobLog } from './job-log.ts';
import type { MemberCluster } from './members-kubeconfig.ts';
import { cli, firstPeer, secondsSince, type NetworkContext } from './network-context.ts';
import { peerChannels, waitForSameHeight } from './peer-ledger.ts';
import { openPullRequest, type Verdict } from './pull-request.ts';
import { waitForJobsComplete } from './workloads.ts';

export interface NewChannelOptions {
  readonly channel: string;
  /** Org ids of the channel's members. */
  readonly members: readonly string[];
  /** Org ids whose orderers are the ordering service's consenters (they join every channel). */
  readonly consenters: readonly string[];
  readonly timeoutMs?: number;
}

export interface NewChannelResult {
  readonly mergeCommit: string;
  /** The governance check of the pull request before its merge. */
  readonly approvals: Verdict;
  /** `channel propose`'s text (the files written and the approvals the change needs). */
  readonly proposeText: string;
  /** The orderer join Jobs' logs, by org. */
  readonly ordererJoinLogs: Readonly<Record<string, string>>;
  /**
   * The Raft leader (node id) each consenter's orderer logged for the channel, by org; absent when
   * it logged none. A majority of consenters agreeing on one leader is what ordering needs.
   */
  readonly raftLeaders: Readonly<Record<string, number>>;
  /** Each member peer's `peer channel list`, by org. */
  readonly peerChannels: Readonly<Record<string, readonly string[]>>;
  /** The height every member's peer reached (1: block 0 only). */
  readonly height: number;
  readonly seconds: Readonly<Record<string, number>>;
}

export async function createChannelFromPullRequest(
  network: NetworkContext,
  options: NewChannelOptions,
): Promise<NewChannelResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const { repo } = network.example;
  const repoArgs = ['--repo', repo.dir];
  const seconds: Record<string, number> = {};
  const memberOf = (org: string) => {
    const member = network.members.find((m) => m.org === org);
    if (member === undefined) throw new Error(`${org} is not a running member`);
    return member;
  };

  const pr = openPullRequest(repo.dir, `channel-${options.channel}`);
  const proposeText = await cli([
    'channel',
    'propose',
    options.channel,
    '--members',
    options.members.join(','),
    '--description',
    'Cold-chain temperature readings between the members that carry and store goods.',
    ...repoArgs,
  ]);
  await cli(['validate', ...repoArgs]);
  pr.commit(`Propose channel ${options.channel}`);
  // Creating a channel needs the approval of every member it lists (the default rule).
  const approvals = await pr.check({
    author: 'e2e-operator',
    approvers: options.members,
    workDir: network.example.keyDir,
  });
  if (approvals.verdict !== 'approved')
    throw new Error(`the pull request is not approved: ${JSON.stringify(approvals)}`);
  const mergeCommit = pr.merge();

  let start = performance.now();
  const reconcile = await runCli(['reconcile', '--all', '--repo', repo.dir, '--kubeconfig', network.kubeconfig]);
  if (reconcile.code !== 0) throw new Error(`reconcile --all exited ${reconcile.code}:\n${reconcile.stderr}`);
  seconds['reconcile'] = secondsSince(start);

  start = performance.now();
  const ordererJoinLogs: Record<string, string> = {};
  for (const org of options.consenters) {
    const member = memberOf(org);
    const prefix = `orderer0-${org}-join-${options.channel}-`;
    await waitForJobsComplete(network.cluster.api, member.namespace, { prefix, timeoutMs });
    ordererJoinLogs[org] = await jobLog(network.cluster.api, member.namespace, prefix);
  }
  seconds['orderers joined'] = secondsSince(start);

  start = performance.now();
  const raftLeaders = await waitForRaftLeader(network, options.consenters.map(memberOf), options.channel, timeoutMs);
  seconds['Raft leader elected'] = secondsSince(start);

  start = performance.now();
  for (const org of options.members)
    await waitForJobsComplete(network.cluster.api, memberOf(org).namespace, {
      prefix: `peer0-${org}-join-${options.channel}-`,
      timeoutMs,
    });
  seconds['peers joined'] = secondsSince(start);

  const peers = options.members.map((org) => firstPeer(network, memberOf(org)));
  const channels: Record<string, readonly string[]> = {};
  for (const [i, peer] of peers.entries()) channels[options.members[i] ?? ''] = await peerChannels(peer);
  const height = await waitForSameHeight(peers, options.channel, { atLeast: 1, timeoutMs });
  return { mergeCommit, approvals, proposeText, ordererJoinLogs, raftLeaders, peerChannels: channels, height, seconds };
}

/** The leader each orderer last logged for the channel (etcdraft: "Raft leader changed: A -> B channel=CH"). */
async function raftLeadersLogged(
  network: NetworkContext,
  consenters: readonly MemberCluster[],
  channel: string,
): Promise<Record<string, number>> {
  const leaders: Record<string, number> = {};
  const line = new RegExp(`Raft leader changed: \\d+ -> (\\d+) channel=${channel.replaceAll('.', '\\.')} `, 'g');
  for (const member of consenters) {
    const log = await podLog(network.cluster.api, member.namespace, `orderer0-${member.org}-0`).catch(() => '');
    const last = [...log.matchAll(line)].at(-1)?.[1];
    if (last !== undefined && last !== '0') leaders[member.org] = Number(last);
  }
  return leaders;
}

/** Waits until a majority of the consenters' orderers have logged the same Raft leader for the channel. */
async function waitForRaftLeader(
  network: NetworkContext,
  consenters: readonly MemberCluster[],
  channel: string,
  timeoutMs: number,
): Promise<Record<string, number>> {
  let leaders: Record<string, number> = {};
  await waitFor({
    what: `a Raft leader of ${channel} known to a majority of its consenters`,
    timeoutMs,
    intervalMs: 3_000,
    check: async () => {
      leaders = await raftLeadersLogged(network, consenters, channel);
      const votes = new Map<number, number>();
      for (const leader of Object.values(leaders)) votes.set(leader, (votes.get(leader) ?? 0) + 1);
      return [...votes.values()].some((n) => n > consenters.length / 2);
    },
    logTail: () => JSON.stringify(leaders),
  });
  return leaders;
}
