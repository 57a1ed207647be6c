// npm run demo — the life of a consortium change, start to finish, in a temporary Git repository
// seeded from this template:
//   1. a new member from another region is proposed on a branch (org init + channel add-member);
//   2. validation passes; the governance verdict is `pending` and names who must approve;
//   3. simulated admin reviews arrive; the verdict turns `approved`; the branch is merged;
//   4. every member's manifests are rendered;
//   5. a new channel and a chaincode go through the same path;
//   6. each member's cluster is reconciled: on the test node when it and the Fabric images are
//      built, where the network starts and its ledger is read back (node-act.ts); otherwise into
//      bare API servers when those are built, and the plan shown empty.
// `--no-clusters` skips the last act even when the binaries are there (the test of this script);
// `--api-servers` uses bare API servers even when the node is built; `--keep` leaves the network
// on the node running after the walkthrough, with a kubeconfig to look around with, until Ctrl-C.
// Every command is the CLI's own main(argv, io), run in-process and shown as a user would type it.
// The temporary directory, keys and any cluster processes are removed at the end, also on failure
// or Ctrl-C.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNarrator } from './narrator.ts';
import { runClusterAct } from './cluster-act.ts';
import { seedRepository } from './seed-repository.ts';
import { proposeChannelAndChaincode, proposeNewMember } from './pull-requests.ts';

const cleanupSteps: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanupSteps.reverse()) await step().catch(() => undefined);
  })();
  return cleaning;
}
// A second Ctrl-C while cleaning up is ignored rather than allowed to kill the process half-way.
// While a kept network waits for it, Ctrl-C ends the wait and the walkthrough ends normally.
let interrupted = false;
let endKeeping: (() => void) | undefined;
function waitForInterrupt(): Promise<void> {
  return new Promise((resolve) => (endKeeping = resolve));
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    if (endKeeping !== undefined) {
      process.stderr.write(`\ndemo: ${signal}, stopping the network...\n`);
      endKeeping();
      return;
    }
    process.stderr.write(`\ndemo: ${signal}, cleaning up...\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

const started = performance.now();
const narrator = createNarrator();
try {
  const root = await mkdtemp(join(tmpdir(), 'consortium-demo-'));
  cleanupSteps.push(() => rm(root, { recursive: true, force: true }));
  const ctx = await seedRepository(narrator, root);
  await proposeNewMember(ctx);
  await proposeChannelAndChaincode(ctx);
  narrator.step('The consortium now');
  await narrator.consortium(['status'], { cwd: ctx.repo });
  await runClusterAct({
    narrator,
    repo: ctx.repo,
    enabled: !process.argv.includes('--no-clusters'),
    apiServersOnly: process.argv.includes('--api-servers'),
    keep: process.argv.includes('--keep'),
    waitForInterrupt,
    registerCleanup: (step) => cleanupSteps.push(step),
  });
  narrator.step('Done');
  narrator.say(`Walkthrough finished in ${((performance.now() - started) / 1000).toFixed(1)} s; removing ${root}.`);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
