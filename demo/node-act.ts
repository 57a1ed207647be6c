// The walkthrough's last act on a real Kubernetes node (demo-node.ts): the example consortium's
// members reconciled into one namespace each, as each member would into its own cluster, and
// what follows on the network told as it happens: the CA, the enrolled identities, the orderers
// and their Raft leader, the peers and their ledgers, the committed chaincode definition and a
// transaction of the sample client, read back from every member's peer (network-story.ts).
// The consortium is the template's as founded (three members, two channels) with new keys, in a
// copy sized for one node (test/e2e/example-with-keys.ts: one peer per org, small requests, the
// node's Fabric images, Gateway API, LevelDB): the e2e test's copy, so the demo shows what it sees.
import { join } from 'node:path';
import { gatewayClassName } from '../test/node/addons.ts';
import { useNodeFabricImages } from '../test/node/fabric-images.ts';
import { cgroupMemory, processMemory } from '../test/node/memory.ts';
import {
  exampleWithKeys,
  useGatewayApi,
  useLocalChaincodeImages,
  useOnePeerPerOrg,
  useSmallResources,
} from '../test/e2e/example-with-keys.ts';
import { memberClusters, writeMembersKubeconfig } from '../test/e2e/members-kubeconfig.ts';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import { startDemoNode, type NodeLookup } from './demo-node.ts';
import { keepRunning } from './keep.ts';
import type { Narrator } from './narrator.ts';
import { tellTheNetwork, type NodeStage } from './network-story.ts';

export async function runNodeAct(options: {
  narrator: Narrator;
  lookup: Extract<NodeLookup, { found: true }>;
  keep: boolean;
  registerCleanup: (step: () => Promise<void>) => void;
  /** From now on Ctrl-C ends the wait instead of the walkthrough; resolves on it. */
  waitForInterrupt: () => Promise<void>;
}): Promise<void> {
  const { narrator, lookup } = options;
  narrator.say(
    "The test node is built: one real Kubernetes node (containerd, kubelet, CoreDNS, Traefik as the gateway) stands in for the members' clusters, one namespace per member, running Fabric " +
      `${lookup.images.fabricVersion} from the node's images.`,
  );
  narrator.say(
    "It runs the consortium as founded (three members, channels traceability and recalls) in a copy with each member's keys outside the repository, sized for one node: one peer per org, small resource requests, LevelDB, Gateway API for every member, and only the chaincode whose image the node holds. (The new member and channel above take the same path on the ledger; the e2e test covers them.)",
  );
  const example = await exampleWithKeys({
    prepare: async (repo, orgs, channels) => {
      await useNodeFabricImages(repo.dir, lookup.images);
      await useGatewayApi(repo, orgs, gatewayClassName);
      await useSmallResources(repo, orgs);
      await useOnePeerPerOrg(repo, orgs, channels);
      await useLocalChaincodeImages(repo, lookup.images.provenance);
    },
  });
  options.registerCleanup(() => example.remove());
  const { model } = await loadRepository(createFilesystemReader(example.repo.dir));
  const zones = [...new Set(model.orgs.map((org) => org.cluster.ingress.domain))];

  narrator.say(`Starting the node (its own API server; CoreDNS answers ${zones.join(', ')} with the gateway) ...`);
  const started = performance.now();
  const demoNode = await startDemoNode(lookup.binaries, zones);
  options.registerCleanup(async () => {
    narrator.say('Stopping the node ...');
    const problems = await demoNode.stop();
    if (problems.length === 0)
      narrator.say('The node is gone: nothing left behind (processes, mounts, links, cgroups, files).');
    else {
      process.stderr.write(`demo: the node left things behind:\n  ${problems.join('\n  ')}\n`);
      process.exitCode = 1;
    }
  });
  narrator.say(`The node is Ready with its add-ons after ${seconds(performance.now() - started)}.`);

  const members = await memberClusters(example.repo.dir, example.orgs);
  const kubeconfig = join(example.keyDir, 'kubeconfig');
  await writeMembersKubeconfig(kubeconfig, demoNode.cluster, members);
  const stage: NodeStage = {
    narrator,
    cluster: demoNode.cluster,
    node: demoNode.node,
    example,
    model,
    members,
    kubeconfig,
    workDir: example.keyDir,
  };
  const clients = await tellTheNetwork(stage);
  // What three members' networks cost on one node: its cgroup holds the daemons and every container.
  const processes = processMemory(demoNode.node.footprint.cgroupPath);
  const charged = cgroupMemory(demoNode.node.footprint.cgroupPath);
  narrator.say(
    `The node holds ${processes.processes} processes, ${mib(processes.rssBytes)} resident` +
      (charged === undefined ? '' : `; its cgroup's peak charge: ${mib(charged.maxUsageBytes)} (page cache included)`) +
      '.',
  );
  if (options.keep) await keepRunning(stage, clients, options.waitForInterrupt());
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
