// What the end-to-end test holds about the running example consortium, passed to each step module.
import { runCli } from '../support/run-cli.ts';
import type { E2eCluster } from './e2e-cluster.ts';
import type { ExampleWithKeys } from './example-with-keys.ts';
import type { MemberCluster } from './members-kubeconfig.ts';
import type { PeerRef } from './peer-ledger.ts';

export interface NetworkContext {
  readonly example: ExampleWithKeys;
  /** The members as they run now; a step that adds one returns it, and the test adds it here. */
  readonly members: readonly MemberCluster[];
  /** The members kubeconfig (one context per member); a step adding a member rewrites it. */
  readonly kubeconfig: string;
  /** The cluster the members run on (e2e-cluster.ts): the test node or a user's. */
  readonly cluster: E2eCluster;
}

/** A member's first peer, peer0 (the copy runs one peer per org). */
export function firstPeer(network: Pick<NetworkContext, 'kubeconfig'>, member: MemberCluster): PeerRef {
  return {
    kubeconfig: network.kubeconfig,
    context: member.context,
    namespace: member.namespace,
    peer: `peer0-${member.org}`,
  };
}

/** Seconds since `start` (performance.now()), one decimal: the step's figures. */
export function secondsSince(start: number): number {
  return Math.round((performance.now() - start) / 100) / 10;
}

/** Runs the CLI as a member would (the real clock); its standard output, or an error with what it said. */
export async function cli(args: readonly string[]): Promise<string> {
  const run = await runCli(args, { now: new Date() });
  if (run.code !== 0) throw new Error(`consortium ${args.join(' ')} exited ${run.code}:\n${run.stderr}${run.stdout}`);
  return run.stdout;
}
