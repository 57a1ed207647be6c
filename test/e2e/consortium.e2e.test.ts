// The example consortium on a real node (docs/testing.md, "The end-to-end test"): its three
// members, one namespace each, reconciled with `consortium reconcile` from a copy of the template
// whose keys the test holds (example-with-keys.ts), running the Fabric images the node imported.
// With CONSORTIUM_E2E_KUBECONFIG the same test runs on the cluster a user names (e2e-cluster.ts).
// The steps run in order and each needs the one before; a failed step stops the rest.
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeFabricImages } from '../node/fabric-images.ts';
import { deleteNamespace } from '../node/pods.ts';
import { recordSkip } from '../support/requirements.ts';
import { runCli } from '../support/run-cli.ts';
import {
  exampleWithKeys,
  useLocalChaincodeImages,
  useOnePeerPerOrg,
  useGatewayApi,
  useSmallResources,
  useStorageClass,
  type ExampleWithKeys,
} from './example-with-keys.ts';
import { jobLogs } from './job-log.ts';
import { describePods, unsettled, waitForJobsComplete, waitForWorkloadsReady } from './workloads.ts';
import { memberClient, runMemberClient, startClientLoop, type ClientLoop } from './member-client.ts';
import type { LoopRecord } from '../fabric-network/client-loop.ts';
import { pruneOldServer, upgradeChaincode, type UpgradeOptions } from './upgrade-step.ts';
import { DISTRIBUTOR, proposeNewMember, reconcileNewMember, type AddMemberOptions } from './add-member-step.ts';
import { endorseThroughClient, endorseWithNewMember } from './endorse-step.ts';
import { locateE2eCluster, type E2eCluster } from './e2e-cluster.ts';
import { exampleFootprint } from './e2e-footprint.ts';
import type { NetworkContext } from './network-context.ts';
import { createChannelFromPullRequest } from './new-channel-step.ts';
import { memberClusters, type MemberCluster } from './members-kubeconfig.ts';

const located = await locateE2eCluster(exampleFootprint);
const unavailable = located.found ? '' : located.reason;
if (!located.found) recordSkip(`end-to-end: the example consortium on ${located.where}`, located.reason);
function e2e(): E2eCluster {
  if (!located.found) throw new Error(located.reason);
  return located.cluster;
}

describe.skipIf(unavailable !== '').sequential('the example consortium on a real node (LevelDB peers)', () => {
  let example: ExampleWithKeys;
  let members: MemberCluster[];
  let kubeconfig: string;
  let clientDir: string;
  let reconcileStarted = 0;
  const network = (): NetworkContext => ({ example, members, kubeconfig, cluster: e2e() });
  const figures: string[] = [];
  const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    const result = await step();
    figures.push(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
    return result;
  };
  /** The channels each org is a member of, sorted. */
  const channelsOf = new Map<string, string[]>();

  beforeAll(async () => {
    const { images, gatewayClassName, storageClass } = e2e();
    example = await exampleWithKeys({
      prepare: async (repo, orgs, channels) => {
        await useNodeFabricImages(repo.dir, images);
        await useGatewayApi(repo, orgs, gatewayClassName);
        if (storageClass !== undefined) await useStorageClass(repo, orgs, storageClass);
        await useSmallResources(repo, orgs);
        await useOnePeerPerOrg(repo, orgs, channels);
        await useLocalChaincodeImages(repo, images.provenance);
      },
    });
    members = await memberClusters(example.repo.dir, example.orgs);
    for (const channel of example.channels) {
      const { members: orgs } = load(await example.repo.read(`channels/${channel}/channel.yaml`)) as {
        members: string[];
      };
      for (const org of orgs) channelsOf.set(org, [...(channelsOf.get(org) ?? []), channel].sort());
    }
    kubeconfig = join(example.keyDir, 'kubeconfig');
    clientDir = join(example.keyDir, 'clients');
    await e2e().writeMembersKubeconfig(kubeconfig, members);
  });
  afterAll(async () => {
    if (figures.length > 0) console.log(`e2e figures on ${e2e().description}:\n  ${figures.join('\n  ')}`);
    // The network stops here, not at the node's teardown: later files of the project (the demo)
    // share the machine's two cores.
    if (members !== undefined)
      await Promise.all(members.map((m) => deleteNamespace(e2e().api, m.namespace).catch(() => undefined)));
    await example?.remove();
    if (located.found) await located.cluster.close();
  });

  it('reconciles every member into its namespace, after which the plan is empty', async () => {
    reconcileStarted = performance.now();
    const reconcile = await runCli(['reconcile', '--all', '--repo', example.repo.dir, '--kubeconfig', kubeconfig]);
    expect(reconcile.stderr).toBe('');
    expect(reconcile.code).toBe(0);
    const plan = await runCli([
      'plan',
      '--all',
      '--repo',
      example.repo.dir,
      '--kubeconfig',
      kubeconfig,
      '--format',
      'json',
    ]);
    expect(plan.code).toBe(0);
    const result = JSON.parse(plan.stdout) as {
      ok: boolean;
      changesPending: boolean;
      clusters: { member: string; status: string }[];
    };
    expect(result.clusters.map((c) => c.member).sort()).toEqual([...example.orgs]);
    expect(result.ok).toBe(true);
    expect(result.changesPending).toBe(false);
  });

  it('each member provides its CA signing pairs and registrar with `org secrets`, and its CA starts', async () => {
    for (const member of members) {
      const run = await runCli([
        'org',
        'secrets',
        member.org,
        '--key-dir',
        example.keyDir,
        '--kubeconfig',
        kubeconfig,
        '--repo',
        example.repo.dir,
      ]);
      expect(run.code, run.stderr).toBe(0);
    }
    const cluster = e2e().api;
    for (const member of members)
      await waitForWorkloadsReady(cluster, member.namespace, { names: [`ca-${member.org}`], timeoutMs: 300_000 });
  });

  it("each member's enrollment Job enrolls every identity its workloads use", async () => {
    const cluster = e2e().api;
    for (const member of members)
      await waitForJobsComplete(cluster, member.namespace, { prefix: 'fabric-enroll-', timeoutMs: 300_000 });
  });

  it('the orderers start and join their channels through the committed block 0', async () => {
    const cluster = e2e().api;
    for (const member of members) {
      await waitForWorkloadsReady(cluster, member.namespace, { names: [`orderer0-${member.org}`], timeoutMs: 300_000 });
      await waitForJobsComplete(cluster, member.namespace, {
        prefix: `orderer0-${member.org}-join-`,
        timeoutMs: 300_000,
      });
    }
  });

  it('every peer joins the channels of its org', async () => {
    const cluster = e2e().api;
    for (const member of members) {
      const joined = await waitForJobsComplete(cluster, member.namespace, {
        prefix: `peer0-${member.org}-join-`,
        timeoutMs: 300_000,
      });
      const channels = channelsOf.get(member.org) ?? [];
      expect(
        joined.map((job) => channels.find((c) => job.startsWith(`peer0-${member.org}-join-${c}-`))).sort(),
      ).toEqual(channels);
    }
  });

  it('every member approves the chaincode definition and the Jobs commit it', async () => {
    const cluster = e2e().api;
    for (const member of members) {
      await waitForJobsComplete(cluster, member.namespace, {
        prefix: 'provenance-traceability-approve-',
        timeoutMs: 300_000,
      });
      await waitForJobsComplete(cluster, member.namespace, {
        prefix: 'provenance-traceability-commit-',
        timeoutMs: 300_000,
      });
      await waitForWorkloadsReady(cluster, member.namespace, {
        names: ['provenance-traceability-1-0-0'],
        timeoutMs: 120_000,
      });
    }
    const commits = await Promise.all(
      members.map((m) => jobLogs(e2e().api, m.namespace, 'provenance-traceability-commit-')),
    );
    for (const log of commits) expect(log).toContain('sequence 1 of provenance is committed on traceability');
  });

  it("the sample client records a hand-over through a member's external host name, and every member's peer has it", async () => {
    const access = await e2e().clientRoute(members);
    const clients = await Promise.all(members.map((m) => memberClient(example, m.org, clientDir)));
    const [writer] = clients;
    if (writer === undefined) throw new Error('no member');
    const started = performance.now();
    // Right after the peers join, discovery does not yet know enough peers of other members to
    // satisfy the endorsement policy (gossip finds them through the anchor peers within seconds):
    // the Gateway refuses the proposal before anything is endorsed, so the call is made again.
    const recordArgs = ['record', 'SHIP-0001', writer.org, 'straits', 'Rotterdam'];
    let record = await runMemberClient(access, writer, recordArgs);
    for (
      const deadline = Date.now() + 120_000;
      /no combination of peers/.test(record.stderr) && Date.now() < deadline;
    ) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      record = await runMemberClient(access, writer, recordArgs);
    }
    expect(record.code, record.stderr).toBe(0);
    expect((JSON.parse(record.stdout) as { transactionId?: string }).transactionId).toMatch(/^[0-9a-f]{64}$/);
    figures.push(
      `first reconcile to first committed transaction: ${((performance.now() - reconcileStarted) / 1000).toFixed(1)} s (the client's calls ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    // Each member reads through its own peer; a peer that has not committed the block yet answers
    // "does not exist" for a moment, so each read is retried until its deadline.
    for (const client of clients) {
      let read = await runMemberClient(access, client, ['shipment', 'SHIP-0001']);
      for (const deadline = Date.now() + 60_000; read.code !== 0 && Date.now() < deadline;) {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        read = await runMemberClient(access, client, ['shipment', 'SHIP-0001']);
      }
      expect(read.code, `${client.org}: ${read.stderr}`).toBe(0);
      expect(JSON.parse(read.stdout)).toMatchObject({ id: 'SHIP-0001', holder: 'straits' });
    }
  });

  it('every Pod of every member is Ready (or done) and every Job Complete', async () => {
    await expectSettled(members);
  });

  // The consortium grows through pull requests on the running network.
  const addition: AddMemberOptions = {
    channel: 'traceability',
    signers: ['manufacturer', 'logistics'],
    compareWith: ['manufacturer', 'logistics', 'retailer'],
    runsChaincodes: ['provenance'],
  };
  let distributor: MemberCluster | undefined;

  it('a fourth member is proposed, signed by two current members, verified and merged', async () => {
    const proposed = await timed('fourth member: pull request', () => proposeNewMember(network(), addition));
    expect(proposed.update).toBe('0001');
    expect(proposed.updateText).toContain('needs 2 of: AcmeManufacturingMSP, HarborviewRetailMSP, StraitsFreightMSP');
    expect([...proposed.counted].sort()).toEqual(['AcmeManufacturingMSP', 'StraitsFreightMSP']);
    expect(proposed.approvals.verdict).toBe('approved');
  });

  it('after reconcile the signers submit the update, and the new peer joins and reaches the others’ height', async () => {
    const result = await timed('fourth member: reconcile to peer at height', () =>
      reconcileNewMember(network(), addition),
    );
    members = [...members, result.member];
    distributor = result.member;
    expect(result.member.org).toBe(DISTRIBUTOR.org);
    const logs = Object.values(result.submissionLogs).join('\n');
    expect(logs).toMatch(/submitting update 0001 of channel traceability/);
    // Its join Job was seen waiting for the ledger to contain its org before the update was submitted.
    expect(result.joinWaiting).toMatch(/NordicDistributionMSP/);
    expect(result.joinLog).toMatch(/Successfully submitted proposal to join channel/);
    expect(result.height).toBeGreaterThanOrEqual(3);
  });

  it('the new member approves and installs the chaincode, and its peer endorses a committed transaction', async () => {
    if (distributor === undefined) throw new Error('the fourth member did not join');
    const result = await timed('fourth member: approve to endorsed transaction', () =>
      endorseWithNewMember(network(), {
        channel: 'traceability',
        chaincode: 'provenance',
        member: distributor!,
        with: ['manufacturer', 'logistics'],
        call: {
          function: 'RecordHandOver',
          args: ['SHP-NORDIC-1', 'straits-freight', 'nordic-distribution', 'Gothenburg'],
        },
      }),
    );
    expect(result.approveLog).toMatch(/is approved by NordicDistributionMSP with provenance_1\.0\.0:/);
    expect(result.invokeLog).toMatch(/Chaincode invoke successful\. result: status:200/);
    // One commit status per endorsing peer, each VALID.
    expect(result.invokeLog.match(/committed with status \(VALID\)/g)?.length).toBe(3);
    expect(result.height).toBeGreaterThanOrEqual(4);
  });

  it("the new member's sample client records a hand-over through its external host name, endorsed by its peer", async () => {
    if (distributor === undefined) throw new Error('the fourth member did not join');
    const access = await e2e().clientRoute(members);
    const result = await timed('fourth member: client transaction through its peer', () =>
      endorseThroughClient(network(), access, {
        channel: 'traceability',
        member: distributor!,
        with: ['manufacturer', 'logistics'],
        shipment: { id: 'SHP-NORDIC-2', from: 'straits-freight', to: 'nordic-distribution', location: 'Malmo' },
        workDir: clientDir,
      }),
    );
    expect(result.transactionId).toMatch(/^[0-9a-f]{64}$/);
    for (const org of ['manufacturer', 'logistics'])
      expect(result.readBack[org]).toMatchObject({ id: 'SHP-NORDIC-2', holder: 'nordic-distribution' });
  });

  it('a new channel proposed in a pull request is joined by the orderers and its members’ peers', async () => {
    const channelMembers = ['manufacturer', 'logistics', DISTRIBUTOR.org];
    const result = await timed('new channel: pull request to peers joined', () =>
      createChannelFromPullRequest(network(), {
        channel: 'cold-chain',
        members: channelMembers,
        consenters: example.orgs,
      }),
    );
    for (const org of example.orgs) expect(result.ordererJoinLogs[org]).toMatch(/Status: 201|already serves/);
    for (const org of channelMembers) expect(result.peerChannels[org]).toContain('cold-chain');
    expect(result.height).toBe(1);
    expect(result.approvals.changes.map((c) => c.kind)).toEqual(['channel.create']);
    // A majority of the consenters name the same Raft leader of the new channel.
    const leaders = Object.values(result.raftLeaders);
    const agreeing = Math.max(...leaders.map((l) => leaders.filter((o) => o === l).length));
    expect(agreeing).toBeGreaterThanOrEqual(Math.floor(example.orgs.length / 2) + 1);
  });

  it('the chaincode is upgraded from 1.0.0 to 1.1.0 while a client records in a loop, and no transaction fails', async () => {
    const access = await e2e().clientRoute(members);
    const writer = await memberClient(example, 'manufacturer', clientDir);
    const loop = startClientLoop(access, writer, { dir: clientDir, prefix: 'SHIP-UPGRADE' });
    const upgrade: UpgradeOptions = {
      channel: 'traceability',
      chaincode: 'provenance',
      from: '1.0.0',
      to: '1.1.0',
      image: e2e().images.provenance ?? '',
      approvers: members.map((m) => m.org),
      runners: members.map((m) => m.org),
    };
    let records: LoopRecord[] = [];
    try {
      await waitUntilRecords(loop, 2);
      const upgraded = await timed('upgrade: pull request to the new sequence committed', () =>
        upgradeChaincode(network(), upgrade),
      );
      expect(upgraded.approvals.verdict).toBe('approved');
      expect(upgraded.sequence).toBe(2);
      const committedAt = Date.now();
      await waitUntilRecords(loop, (await loop.records()).length + 3);
      const pruned = await timed('upgrade: the old server pruned', () => pruneOldServer(network(), upgrade));
      expect(pruned.approvals.verdict).toBe('approved');
      await waitUntilRecords(loop, (await loop.records()).length + 2);
      records = await loop.stop();
      const failed = records.filter((r) => !r.ok);
      expect(failed).toEqual([]);
      expect(records.filter((r) => r.at > committedAt).length).toBeGreaterThanOrEqual(5);
      figures.push(
        `upgrade: ${records.length} transactions by the looping client, none failed, ${records.filter((r) => r.resubmits.length > 0).length} submitted again after a conflict`,
      );
    } finally {
      if (records.length === 0) await loop.stop().catch(() => undefined);
    }
  });

  it('after the growth, every Pod of every member (the fourth included) is Ready and every Job Complete', async () => {
    await expectSettled(members);
  });
});

/** Waits until the loop has written `count` records (each a committed or failed transaction). */
async function waitUntilRecords(loop: ClientLoop, count: number): Promise<void> {
  for (const deadline = Date.now() + 180_000; (await loop.records()).length < count;) {
    if (Date.now() > deadline) throw new Error(`the client loop wrote fewer than ${count} records in 180 s`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** Fails naming every Pod neither Ready nor Succeeded and every Job not Complete, with pod details. */
async function expectSettled(members: readonly MemberCluster[]): Promise<void> {
  const cluster = e2e().api;
  const problems = (await Promise.all(members.map((m) => unsettled(cluster, m.namespace)))).flat();
  const detail =
    problems.length === 0 ? '' : (await Promise.all(members.map((m) => describePods(cluster, m.namespace)))).join('\n');
  expect(problems, detail).toEqual([]);
}
