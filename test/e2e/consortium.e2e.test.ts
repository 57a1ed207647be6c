// The example consortium on a real node (docs/testing.md, "The end-to-end test"): its three
// members, one namespace each, reconciled with `consortium reconcile` from a copy of the template
// whose keys the test holds (example-with-keys.ts), running the Fabric images the node imported.
// The steps run in order and each needs the one before; a failed step stops the rest.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFabricImages, useNodeFabricImages } from '../node/fabric-images.ts';
import { injectNode, requireNode } from '../node/nodes.ts';
import { recordSkip } from '../support/requirements.ts';
import { runCli } from '../support/run-cli.ts';
import {
  exampleWithKeys,
  useLocalChaincodeImages,
  useOnePeerPerOrg,
  useSmallResources,
  type ExampleWithKeys,
} from './example-with-keys.ts';
import { waitForJobsComplete, waitForWorkloadsReady } from './workloads.ts';
import { memberClusters, writeMembersKubeconfig, type MemberCluster } from './members-kubeconfig.ts';

const node = injectNode();
const images = locateFabricImages();
const unavailable = !node.available ? node.reason : images.found ? '' : images.reason;
if (unavailable !== '') recordSkip('end-to-end: the example consortium on the node', unavailable);

describe.skipIf(unavailable !== '').sequential('the example consortium on a real node', () => {
  let example: ExampleWithKeys;
  let members: MemberCluster[];
  let kubeconfig: string;

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
    await example?.remove();
  });

  it('reconciles every member into its namespace, after which the plan is empty', async () => {
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
    const cluster = requireNode().cluster;
    for (const member of members)
      await waitForWorkloadsReady(cluster, member.namespace, { names: [`ca-${member.org}`], timeoutMs: 300_000 });
  });

  it("each member's enrollment Job enrolls every identity its workloads use", async () => {
    const cluster = requireNode().cluster;
    for (const member of members)
      await waitForJobsComplete(cluster, member.namespace, { prefix: 'fabric-enroll-', timeoutMs: 300_000 });
  });

  it('the orderers start and join their channels through the committed block 0', async () => {
    const cluster = requireNode().cluster;
    for (const member of members) {
      await waitForWorkloadsReady(cluster, member.namespace, { names: [`orderer0-${member.org}`], timeoutMs: 300_000 });
      await waitForJobsComplete(cluster, member.namespace, {
        prefix: `orderer0-${member.org}-join-`,
        timeoutMs: 300_000,
      });
    }
  });
});
