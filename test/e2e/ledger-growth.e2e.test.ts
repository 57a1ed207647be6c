// The example consortium on a real node grows through pull requests (docs/testing.md, "The
// end-to-end test"): once its members run and their peers have joined traceability, a fourth
// member is added through the ledger path (add-member-step.ts) and a new channel is created
// (new-channel-step.ts). The steps run in order and each needs the one before.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFabricImages, useNodeFabricImages } from '../node/fabric-images.ts';
import { injectNode, requireNode } from '../node/nodes.ts';
import { recordSkip } from '../support/requirements.ts';
import { runCli } from '../support/run-cli.ts';
import { DISTRIBUTOR, proposeNewMember, reconcileNewMember, type AddMemberOptions } from './add-member-step.ts';
import {
  exampleWithKeys,
  useLocalChaincodeImages,
  useOnePeerPerOrg,
  useSmallResources,
  type ExampleWithKeys,
} from './example-with-keys.ts';
import { memberClusters, writeMembersKubeconfig, type MemberCluster } from './members-kubeconfig.ts';
import type { NetworkContext } from './network-context.ts';
import { createChannelFromPullRequest } from './new-channel-step.ts';
import { endorseWithNewMember } from './endorse-step.ts';
import { waitForJobsComplete, waitForWorkloadsReady } from './workloads.ts';

const node = injectNode();
const images = locateFabricImages();
const unavailable = !node.available ? node.reason : images.found ? '' : images.reason;
if (unavailable !== '') recordSkip('end-to-end: the example consortium grows on the node', unavailable);

const figures: string[] = [];
const timed = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  const result = await step();
  figures.push(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
};

describe.skipIf(unavailable !== '').sequential('the example consortium grows on a real node', () => {
  let example: ExampleWithKeys;
  let members: MemberCluster[];
  let kubeconfig: string;
  const network = (): NetworkContext => ({ example, members, kubeconfig, cluster: requireNode().cluster });
  // The members whose peers take part (the retailer's orderer is not in the Raft quorum yet, so its
  // peer does not join; docs/testing.md).
  const running = ['manufacturer', 'logistics'];

  beforeAll(async () => {
    if (!images.found) throw new Error(images.reason);
    example = await exampleWithKeys({
      prepare: async (repo, orgs, channels) => {
        await useNodeFabricImages(repo.dir, images.images);
        await useSmallResources(repo, orgs);
        await useOnePeerPerOrg(repo, orgs, channels);
        await useLocalChaincodeImages(repo, images.images.provenance);
      },
    });
    members = await memberClusters(example.repo.dir, example.orgs);
    kubeconfig = join(example.keyDir, 'kubeconfig');
    await writeMembersKubeconfig(kubeconfig, requireNode().cluster, members);
  });
  afterAll(async () => {
    console.log(`figures on the node:\n  ${figures.join('\n  ')}`);
    await example?.remove();
  });

  it('runs the members: reconcile, org secrets, CAs, enrollment, orderers and peers joined', async () => {
    await timed('members running, peers joined traceability', async () => {
      const reconcile = await runCli(['reconcile', '--all', '--repo', example.repo.dir, '--kubeconfig', kubeconfig]);
      expect(reconcile.code, reconcile.stderr).toBe(0);
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
      const cluster = requireNode().cluster;
      for (const member of members) {
        await waitForWorkloadsReady(cluster, member.namespace, {
          names: [`ca-${member.org}`, `orderer0-${member.org}`],
          timeoutMs: 300_000,
        });
        await waitForJobsComplete(cluster, member.namespace, { prefix: 'fabric-enroll-', timeoutMs: 300_000 });
        await waitForJobsComplete(cluster, member.namespace, {
          prefix: `orderer0-${member.org}-join-`,
          timeoutMs: 300_000,
        });
      }
      for (const member of members.filter((m) => running.includes(m.org))) {
        await waitForJobsComplete(cluster, member.namespace, {
          prefix: `peer0-${member.org}-join-traceability-`,
          timeoutMs: 300_000,
        });
        // The members' commit Jobs commit provenance once two of them have approved it.
        await waitForJobsComplete(cluster, member.namespace, {
          prefix: 'provenance-traceability-commit-',
          timeoutMs: 300_000,
        });
      }
    });
  });

  const addition: AddMemberOptions = {
    channel: 'traceability',
    signers: running,
    compareWith: running,
    runsChaincodes: ['provenance'],
  };
  let distributor: MemberCluster | undefined;

  it('a fourth member is proposed, signed by two current members, verified and merged', async () => {
    const proposed = await timed('fourth member: pull request', () => proposeNewMember(network(), addition));
    expect(proposed.update).toBe('0001');
    expect(proposed.updateText).toContain('needs 2 of: AcmeManufacturingMSP, HarborviewRetailMSP, StraitsFreightMSP');
    expect([...proposed.counted].sort()).toEqual(['AcmeManufacturingMSP', 'StraitsFreightMSP']);
  });

  it('after reconcile the signers submit the update, and the new peer joins and reaches the others’ height', async () => {
    const result = await timed('fourth member: reconcile to peer at height', () =>
      reconcileNewMember(network(), addition),
    );
    console.log(JSON.stringify(result.seconds));
    members = [...members, result.member];
    distributor = result.member;
    expect(result.member.org).toBe(DISTRIBUTOR.org);
    const logs = Object.values(result.submissionLogs).join('\n');
    expect(logs).toMatch(/submitting update 0001 of channel traceability/);
    expect(result.joinLog).toMatch(/Successfully submitted proposal to join channel/);
    expect(result.height).toBeGreaterThanOrEqual(2);
  });

  it('the new member approves and installs the chaincode, and its peer endorses a committed transaction', async () => {
    if (distributor === undefined) throw new Error('the fourth member did not join');
    const member = distributor;
    const result = await timed('fourth member: approve to endorsed transaction', () =>
      endorseWithNewMember(network(), {
        channel: 'traceability',
        chaincode: 'provenance',
        member,
        with: running,
        call: {
          function: 'RecordHandOver',
          args: ['SHP-NORDIC-1', 'straits-freight', 'nordic-distribution', 'Gothenburg'],
        },
      }),
    );
    console.log(JSON.stringify(result.seconds));
    expect(result.approveLog).toMatch(/is approved by NordicDistributionMSP with provenance_1\.0\.0:/);
    expect(result.invokeLog).toMatch(/Chaincode invoke successful\. result: status:200/);
    // One commit status per endorsing peer, each VALID.
    expect(result.invokeLog.match(/committed with status \(VALID\)/g)?.length).toBe(3);
    expect(result.height).toBeGreaterThanOrEqual(3);
  });

  it('a new channel proposed in a pull request is joined by the orderers and its members’ peers', async () => {
    const channelMembers = [...running, DISTRIBUTOR.org];
    const result = await timed('new channel: pull request to peers joined', () =>
      createChannelFromPullRequest(network(), {
        channel: 'cold-chain',
        members: channelMembers,
        consenters: example.orgs,
      }),
    );
    console.log(JSON.stringify(result.seconds));
    for (const org of example.orgs) expect(result.ordererJoinLogs[org]).toMatch(/Status: 201|already serves/);
    for (const org of channelMembers) expect(result.peerChannels[org]).toContain('cold-chain');
    expect(result.height).toBe(1);
  });
});
