// A new channel created from a pull request, on the node: `consortium channel propose` writes its
// channel.yaml and block 0, the pull request is merged into main, every member reconciles, the
// consenters' orderer join Jobs join the channel through the committed block 0 (a Raft leader is
// elected among them) and the join Jobs of its members' peers join it; each peer lists the channel
// and all reach the same height.
import { runCli } from '../support/run-cli.ts';
import { jobLog } from './job-log.ts';
import { firstPeer, secondsSince, type NetworkContext } from './network-context.ts';
import { peerChannels, waitForSameHeight } from './peer-ledger.ts';
import { openPullRequest } from './pull-request.ts';
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
  /** `channel propose`'s text (the files written and the approvals the change needs). */
  readonly proposeText: string;
  /** The orderer join Jobs' logs, by org. */
  readonly ordererJoinLogs: Readonly<Record<string, string>>;
  /** Each member peer's `peer channel list`, by org. */
  readonly peerChannels: Readonly<Record<string, readonly string[]>>;
  /** The height every member's peer reached (1: block 0 only). */
  readonly height: number;
  readonly seconds: Readonly<Record<string, number>>;
}

async function cli(args: readonly string[]): Promise<string> {
  const run = await runCli(args, { now: new Date() });
  if (run.code !== 0) throw new Error(`consortium ${args.join(' ')} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return run.stdout;
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
  const mergeCommit = pr.merge(`Propose channel ${options.channel}`);

  let start = performance.now();
  const reconcile = await runCli(['reconcile', '--all', '--repo', repo.dir, '--kubeconfig', network.kubeconfig]);
  if (reconcile.code !== 0) throw new Error(`reconcile --all exited ${reconcile.code}:\n${reconcile.stderr}`);
  seconds['reconcile'] = secondsSince(start);

  start = performance.now();
  const ordererJoinLogs: Record<string, string> = {};
  for (const org of options.consenters) {
    const member = memberOf(org);
    const prefix = `orderer0-${org}-join-${options.channel}-`;
    await waitForJobsComplete(network.cluster, member.namespace, { prefix, timeoutMs });
    ordererJoinLogs[org] = await jobLog(network.cluster, member.namespace, prefix);
  }
  seconds['orderers joined'] = secondsSince(start);

  start = performance.now();
  for (const org of options.members)
    await waitForJobsComplete(network.cluster, memberOf(org).namespace, {
      prefix: `peer0-${org}-join-${options.channel}-`,
      timeoutMs,
    });
  seconds['peers joined'] = secondsSince(start);

  const peers = options.members.map((org) => firstPeer(network, memberOf(org)));
  const channels: Record<string, readonly string[]> = {};
  for (const [i, peer] of peers.entries()) channels[options.members[i] ?? ''] = await peerChannels(peer);
  const height = await waitForSameHeight(peers, options.channel, { atLeast: 1, timeoutMs });
  return { mergeCommit, proposeText, ordererJoinLogs, peerChannels: channels, height, seconds };
}
