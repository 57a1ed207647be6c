// What a member's peer holds, asked of the peer itself: an exec through the API server (as
// `kubectl exec` does, with @kubernetes/client-node, so no kubectl is needed) runs the peer CLI
// inside the peer's own container (the peer image has no shell, but it has `peer`), with the peer's
// identity, address and TLS root from the container's environment. The peer's identity is a member
// of its org, which the channels' Readers policies admit, so it may read its own ledger.
import { PassThrough } from 'node:stream';
import { Exec, KubeConfig } from '@kubernetes/client-node';
import { waitFor } from '../cluster/wait.ts';

export interface PeerRef {
  readonly kubeconfig: string;
  /** The member's context in the kubeconfig (its org.yaml cluster.name). */
  readonly context: string;
  readonly namespace: string;
  /** The peer's resource name, e.g. peer0-manufacturer (its pod is <name>-0). */
  readonly peer: string;
}

async function peerCli(ref: PeerRef, args: readonly string[]): Promise<string> {
  const config = new KubeConfig();
  config.loadFromFile(ref.kubeconfig);
  config.setCurrentContext(ref.context);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const pod = `${ref.peer}-0`;
  const status = await new Promise<{ status?: string; message?: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`peer ${args.join(' ')} in ${pod}: no answer in 60 s`)), 60_000);
    new Exec(config)
      .exec(ref.namespace, pod, 'peer', ['peer', ...args], stdout, stderr, null, false, (s) => {
        clearTimeout(timer);
        resolve(s);
      })
      .catch((error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      });
  });
  const text = Buffer.concat(out).toString('utf8');
  if (status.status !== 'Success')
    throw new Error(
      `peer ${args.join(' ')} in ${pod}: ${status.message ?? 'failed'}\n${Buffer.concat(err).toString('utf8')}`,
    );
  return text;
}

/** The channels the peer has joined (`peer channel list`). */
export async function peerChannels(ref: PeerRef): Promise<string[]> {
  const out = await peerCli(ref, ['channel', 'list']);
  // "Channels peers has joined: " then one channel per line.
  return out
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^[a-z][a-z0-9.-]*$/.test(l))
    .sort();
}

/** The peer's block height on the channel (`peer channel getinfo`); fails when it has not joined. */
export async function peerHeight(ref: PeerRef, channel: string): Promise<number> {
  const out = await peerCli(ref, ['channel', 'getinfo', '--channelID', channel]);
  const json = /Blockchain info: (\{.*\})/.exec(out)?.[1];
  if (json === undefined) throw new Error(`${ref.peer}: no block height for ${channel} in: ${out.trim()}`);
  return (JSON.parse(json) as { height: number }).height;
}

/**
 * Waits until every peer has joined the channel and all have the same height, at least `atLeast`;
 * returns that height.
 */
export async function waitForSameHeight(
  peers: readonly PeerRef[],
  channel: string,
  options: { readonly atLeast: number; readonly timeoutMs: number },
): Promise<number> {
  let seen: string[] = [];
  let height = 0;
  await waitFor({
    what: `peers ${peers.map((p) => p.peer).join(', ')} at the same height of ${channel}`,
    timeoutMs: options.timeoutMs,
    intervalMs: 3_000,
    check: async () => {
      const heights = await Promise.all(
        peers.map((p) => peerHeight(p, channel).catch((e: unknown) => `not joined (${String(e).split('\n')[0]})`)),
      );
      seen = heights.map((h, i) => `${peers[i]?.peer ?? '?'}: ${h}`);
      const numbers = heights.filter((h): h is number => typeof h === 'number');
      height = Math.min(...numbers);
      return (
        numbers.length === peers.length &&
        numbers.every((h) => h === numbers[0]) &&
        (numbers[0] ?? 0) >= options.atLeast
      );
    },
    logTail: () => seen.join('\n'),
  });
  return height;
}
