// The walkthrough's last act: reconcile every member's cluster. On the test node when it and the
// Fabric images are built (node-act.ts: the network runs and its ledger is read back); otherwise
// into bare API servers when the test control plane is built (test/cluster/build.sh; see
// docs/testing.md), showing the plan become empty; otherwise it says why and how to get them.
import { locateBinaries } from '../test/cluster/binaries.ts';
import { installGatewayApiCrds } from '../test/cluster/gateway-api-crds.ts';
import { startControlPlane } from '../test/cluster/harness.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { locateDemoNode } from './demo-node.ts';
import type { Narrator } from './narrator.ts';
import { runNodeAct } from './node-act.ts';

export async function runClusterAct(options: {
  narrator: Narrator;
  repo: string;
  enabled: boolean;
  /** Bare API servers even when the node is built (--api-servers). */
  apiServersOnly: boolean;
  /** Leave the network on the node running until Ctrl-C (--keep). */
  keep: boolean;
  waitForInterrupt: () => Promise<void>;
  registerCleanup: (step: () => Promise<void>) => void;
}): Promise<void> {
  const { narrator, repo } = options;
  const node =
    !options.enabled || options.apiServersOnly ? { found: false as const, reason: '--api-servers' } : locateDemoNode();
  if (node.found) {
    narrator.step("The members' clusters: a real Kubernetes node");
    await runNodeAct({ ...options, lookup: node });
    return;
  }
  narrator.step("Reconcile each member's cluster");
  if (!options.enabled) {
    narrator.say('Skipped: --no-clusters.');
    return;
  }
  const lookup = locateBinaries();
  if (!lookup.found) {
    // The node needs the control plane's binaries too: then one reason covers both.
    const nodeReason = node.reason === lookup.reason ? '' : `the test node is not used (${node.reason}) and `;
    narrator.say(`Skipped: ${nodeReason}the test control plane is not built (${lookup.reason}).`);
    return;
  }
  narrator.say(
    `The test node is not used (${node.reason}): bare API servers instead, which store objects but run no pods.`,
  );
  if (options.keep) narrator.say('(--keep applies to the node only.)');
  // One API server per member, named after the member's cluster.name, as `--all` expects.
  const { model } = await loadRepository(createFilesystemReader(repo));
  const clusterNames = model.orgs.map((o) => o.cluster.name);
  narrator.say(`Starting ${clusterNames.length} local Kubernetes API servers (${clusterNames.join(', ')}) ...`);
  const plane = await startControlPlane({ binaries: lookup.binaries, clusterNames });
  options.registerCleanup(() => plane.stop());
  // A member's cluster serves the Gateway API kinds render emits (docs/render.md: the CRDs a member
  // installs); the bare API servers get them here, as a member installs them once.
  for (const cluster of plane.environment.clusters) await installGatewayApiCrds(cluster);
  const kubeconfig = plane.environment.kubeconfigMerged;
  const shownKubeconfig = ['--kubeconfig', 'clusters.kubeconfig'];
  await options.narrator.consortium(['plan', '--all', '--kubeconfig', kubeconfig], {
    cwd: repo,
    shown: ['plan', '--all', ...shownKubeconfig],
    // One summary line per cluster; the object-by-object list would fill the screen.
    keep: (line) => !line.startsWith(' '),
  });
  narrator.say('(a full plan: every object is to be created; the command lists each one, shortened here)');
  const applied = await narrator.consortium(['reconcile', '--all', '--kubeconfig', kubeconfig], {
    cwd: repo,
    shown: ['reconcile', '--all', ...shownKubeconfig],
    // One summary line per cluster; every object is in `--format json` for whoever wants it.
    // Progress lines ("logistics: 11/51 objects") are for a terminal watching a long apply.
    keep: (line) => !/^\s+applied /.test(line) && !/^\S+: \d+\/\d+ objects$/.test(line),
  });
  if (applied.code !== 0) throw new Error(`reconcile exited with ${applied.code}`);
  const plan = await narrator.consortium(['plan', '--all', '--kubeconfig', kubeconfig], {
    cwd: repo,
    shown: ['plan', '--all', ...shownKubeconfig],
  });
  if (plan.code !== 0) throw new Error(`after reconcile the plan is not empty (exit ${plan.code})`);
  narrator.say('The plan is empty: every member cluster matches the repository.');
}
