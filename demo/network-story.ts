// What happens on the node after `consortium reconcile`, told as it happens. Kubernetes facts
// (Ready, Complete) come from the API server; what the Jobs did from their logs; the Raft leader
// from the orderers' logs (raft-leaders.ts); everything on the ledger (heights, the committed
// definition, the block of the client's transaction, the chain block by block) from each member's
// own peer (ledger-probe.ts).
import { join } from 'node:path';
import type { TestCluster } from '../test/cluster/clusters.ts';
import { waitFor } from '../test/cluster/wait.ts';
import type { ExampleWithKeys } from '../test/e2e/example-with-keys.ts';
import { memberClient, nodeNetworkRoute, runMemberClient, type MemberClient } from '../test/e2e/member-client.ts';
import type { MemberCluster } from '../test/e2e/members-kubeconfig.ts';
import { jobLogs } from '../test/e2e/job-log.ts';
import { unsettled, waitForJobsComplete, waitForWorkloadsReady } from '../test/e2e/workloads.ts';
import type { TestNode } from '../test/node/node.ts';
import { podLog } from '../test/node/pods.ts';
import { chaincodeServerName } from '../tools/src/model/resource-names.ts';
import type { ConsortiumModel } from '../tools/src/model/types.ts';
import {
  chainLines,
  definitionLines,
  heightLines,
  readLedger,
  transactionLines,
  type LedgerRequest,
} from './ledger-facts.ts';
import type { Narrator } from './narrator.ts';
import { raftViews } from './raft-leaders.ts';

export interface NodeStage {
  readonly narrator: Narrator;
  readonly cluster: TestCluster;
  readonly node: TestNode;
  readonly example: ExampleWithKeys;
  readonly model: ConsortiumModel;
  readonly members: readonly MemberCluster[];
  readonly kubeconfig: string;
  /** Where the clients' profiles and MSP folders go (removed with the example's keys). */
  readonly workDir: string;
}

/** A generous bound per wait: a two-core machine starting three members' workloads at once. */
const WAIT_MS = 600_000;
const shownKubeconfig = ['--kubeconfig', 'members.kubeconfig'];

const since = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;

export async function tellTheNetwork(stage: NodeStage): Promise<readonly MemberClient[]> {
  const { narrator, cluster, example, members, model, kubeconfig } = stage;
  const repo = example.repo.dir;
  const channelsOf = (org: string) => model.channels.filter((c) => c.members.includes(org)).map((c) => c.name);
  const orgOf = (member: MemberCluster) => model.orgs.find((o) => o.id === member.org);

  narrator.step("Reconcile each member's namespace on the node");
  const firstReconcile = performance.now();
  const reconciled = await narrator.consortium(['reconcile', '--all', '--kubeconfig', kubeconfig], {
    cwd: repo,
    shown: ['reconcile', '--all', ...shownKubeconfig],
    keep: (line) => !/^\s+applied /.test(line) && !/^\S+: \d+\/\d+ objects$/.test(line),
  });
  if (reconciled.code !== 0) throw new Error(`reconcile exited with ${reconciled.code}`);

  narrator.step(
    'Each member provides its CA signing pairs and registrar (`org secrets`); its CA enrolls everyone else',
  );
  for (const member of members) {
    const secrets = await narrator.consortium(
      ['org', 'secrets', member.org, '--key-dir', example.keyDir, '--kubeconfig', kubeconfig],
      {
        cwd: repo,
        shown: ['org', 'secrets', member.org, ...shownKubeconfig],
        // The summary and where the generated credentials went; docs/render.md lists the Secrets.
        keep: (line) => !/^\s+(created|updated|unchanged|configured)\s/.test(line),
      },
    );
    if (secrets.code !== 0) throw new Error(`org secrets ${member.org} exited with ${secrets.code}`);
  }
  for (const member of members) {
    await waitForWorkloadsReady(cluster, member.namespace, { names: [`ca-${member.org}`], timeoutMs: WAIT_MS });
    narrator.say(`${member.namespace}: ca-${member.org} Ready (HTTPS), ${since(firstReconcile)} after reconcile`);
  }
  for (const member of members) {
    await waitForJobsComplete(cluster, member.namespace, { prefix: 'fabric-enroll-', timeoutMs: WAIT_MS });
    const log = await jobLogs(cluster, member.namespace, 'fabric-enroll-');
    const enrolled = [...log.matchAll(/^\S+: enrolled (\S+) \((\w+)\) at (\S+)/gm)].map((m) => `${m[1]}@${m[3]}`);
    const pinned = [...log.matchAll(/^(\S+): the committed consenter TLS certificate, valid/gm)].map((m) => m[1]);
    narrator.say(
      `${member.org}: enrolled ${enrolled.length} identities (${enrolled.join(', ')})` +
        (pinned.length > 0 ? `; kept the committed consenter TLS pair in ${pinned.join(', ')}` : ''),
    );
  }

  narrator.step('The orderers join their channels through the committed block 0 and elect a Raft leader');
  const orderers: { namespace: string; name: string }[] = [];
  for (const member of members) {
    for (const orderer of orgOf(member)?.orderers ?? []) {
      const name = `${orderer.name}-${member.org}`;
      await waitForWorkloadsReady(cluster, member.namespace, { names: [name], timeoutMs: WAIT_MS });
      const joins = await waitForJobsComplete(cluster, member.namespace, {
        prefix: `${name}-join-`,
        timeoutMs: WAIT_MS,
      });
      narrator.say(`${name}: Ready; joined ${joinedChannels(joins, `${name}-join-`, model).join(', ')}`);
      orderers.push({ namespace: member.namespace, name });
    }
  }
  for (const line of await raftLeaders(
    cluster,
    orderers,
    model.channels.map((c) => c.name),
  ))
    narrator.say(line);

  narrator.step('The peers join the channels of their org');
  for (const member of members) {
    for (const peer of orgOf(member)?.peers ?? []) {
      const name = `${peer.name}-${member.org}`;
      const joins = await waitForJobsComplete(cluster, member.namespace, {
        prefix: `${name}-join-`,
        timeoutMs: WAIT_MS,
      });
      narrator.say(`${name}: joined ${joinedChannels(joins, `${name}-join-`, model).join(', ')}`);
    }
  }
  const clientsDir = join(stage.workDir, 'clients');
  const clients = await Promise.all(members.map((m) => memberClient(example, m.org, clientsDir)));
  const ledgerOf = (extra: Pick<LedgerRequest, 'definitions' | 'transaction' | 'chain'>) =>
    readLedger(
      stage.node.namespacePid,
      {
        gatewayAddress: stage.node.network.gatewayServiceIp,
        members: clients.map((c) => ({ ...c, channels: channelsOf(c.org) })),
        waitMs: 60_000,
        ...extra,
      },
      stage.workDir,
    );
  narrator.say("Block heights, from each member's peer (qscc GetChainInfo through its external host name):");
  for (const line of heightLines(await ledgerOf({ definitions: [] }))) narrator.say(`  ${line}`);

  narrator.step('Every member approves the chaincode definition; the Jobs commit it');
  const definitions: { channel: string; name: string }[] = [];
  for (const channel of model.channels) {
    for (const chaincode of channel.chaincodes) {
      const name = `${chaincode.name}-${channel.name}`;
      // The server of this version (docs/render.md: a new version runs beside the committed one).
      const server = chaincodeServerName(chaincode);
      for (const member of members.filter((m) => chaincode.installedOn.includes(m.org))) {
        await waitForJobsComplete(cluster, member.namespace, { prefix: `${name}-approve-`, timeoutMs: WAIT_MS });
        await waitForJobsComplete(cluster, member.namespace, { prefix: `${name}-commit-`, timeoutMs: WAIT_MS });
        await waitForWorkloadsReady(cluster, member.namespace, { names: [server], timeoutMs: WAIT_MS });
        const log = await jobLogs(cluster, member.namespace, `${name}-approve-`);
        const approved = /^sequence \d+ of \S+ is approved by \S+/m.exec(log)?.[0];
        narrator.say(`${member.org}: ${approved ?? 'approved'}; its chaincode server ${server} is Ready`);
      }
      definitions.push({ channel: channel.name, name: chaincode.name });
    }
  }
  narrator.say("The committed definitions, from each member's peer (_lifecycle QueryChaincodeDefinition):");
  for (const line of definitionLines(await ledgerOf({ definitions }))) narrator.say(`  ${line}`);

  narrator.step("The sample client records a hand-over through a member's external host name");
  // The sample client calls provenance (on traceability in the example); the manufacturer hands
  // the shipment over to another member.
  const channel = definitions.find((d) => d.name === 'provenance')?.channel;
  const writers = clients.filter((c) => channel !== undefined && channelsOf(c.org).includes(channel));
  const writer = writers.find((c) => c.org === 'manufacturer') ?? writers[0];
  const receiver = writers.find((c) => c !== writer);
  if (writer === undefined || receiver === undefined || channel === undefined)
    throw new Error('the consortium has no channel with provenance and two members to hand a shipment over');
  const access = nodeNetworkRoute(stage.node.namespacePid, stage.node.network.gatewayServiceIp);
  const args = ['record', 'SHIP-0001', writer.org, receiver.org, 'Rotterdam'];
  narrator.shell(
    `npm run -s client -- --profile ${writer.org}-connection-profile-external.yaml --msp ${writer.org}-admin-msp --resolve ${writer.peerHost}=${access.gatewayAddress} ${args.join(' ')}`,
  );
  const record = await runMemberClient(access, writer, args);
  if (record.code !== 0) throw new Error(`the client failed:\n${record.stderr}`);
  const { transactionId } = JSON.parse(record.stdout) as { transactionId: string };
  narrator.say(
    `transaction ${transactionId} committed, ${since(firstReconcile)} after the first reconcile; where each member's peer has it (qscc GetBlockByTxID):`,
  );
  const after = await ledgerOf({
    definitions: [],
    transaction: { channel, txId: transactionId },
    chain: { org: writer.org, channel },
  });
  for (const line of transactionLines(after)) narrator.say(`  ${line}`);
  narrator.say('Block heights now:');
  for (const line of heightLines(after)) narrator.say(`  ${line}`);
  narrator.say(`The ${channel} chain as ${writer.org}'s peer holds it (qscc GetBlockByNumber):`);
  for (const line of chainLines(after)) narrator.say(`  ${line}`);

  const problems = (await Promise.all(members.map((m) => unsettled(cluster, m.namespace)))).flat();
  narrator.say(
    problems.length === 0
      ? 'Every Pod is Ready (or done) and every Job Complete.'
      : `Not settled: ${problems.join('; ')}`,
  );
  return clients;
}

/** The channels named by join Jobs `<prefix><channel>-<hash>`. */
function joinedChannels(jobs: readonly string[], prefix: string, model: ConsortiumModel): string[] {
  return model.channels.map((c) => c.name).filter((c) => jobs.some((job) => job.startsWith(`${prefix}${c}-`)));
}

/** One line per channel: its Raft leader and the other consenters, once every channel has a leader. */
async function raftLeaders(
  cluster: TestCluster,
  orderers: readonly { namespace: string; name: string }[],
  channels: readonly string[],
): Promise<string[]> {
  let lines: string[] = [];
  await waitFor({
    what: 'a Raft leader on every channel',
    timeoutMs: 120_000,
    intervalMs: 2_000,
    check: async () => {
      lines = [];
      for (const channel of channels) {
        const consenters: { name: string; self: number; leader: number }[] = [];
        for (const orderer of orderers) {
          const view = raftViews(await podLog(cluster, orderer.namespace, `${orderer.name}-0`)).get(channel);
          if (view !== undefined) consenters.push({ name: orderer.name, ...view });
        }
        const leader = consenters.find((c) => c.leader !== 0 && c.leader === c.self);
        if (leader === undefined) return false;
        const others = consenters.filter((c) => c !== leader).map((c) => `${c.name} (Raft ID ${c.self})`);
        lines.push(
          `${channel}: Raft leader ${leader.name} (Raft ID ${leader.self}), followed by ${others.join(', ') || 'no other consenter'}`,
        );
      }
      return true;
    },
  });
  return lines;
}
