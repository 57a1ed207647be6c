// The fourth member endorses: once its rendered approve Job has installed the chaincode package on
// its peer and approved the committed definition for its org (an org that starts running a
// chaincode after the commit approves the same sequence with its package ID), a transaction is
// endorsed by its peer together with current members' peers and committed VALID on all of them.
//
// The transaction is sent with the peer CLI from a pod that is the member's own rendered commit Job
// with another script: the member's admin identity, TLS roots, orderer and peer addresses (its own
// in-cluster, the others' external host names through the gateway's TLS passthrough) and
// NetworkPolicy labels are exactly what render gives that Job, so nothing here is made up for the
// test. `--waitForEvent` waits until every endorsing peer reports the transaction committed VALID.
// endorseThroughClient does the same with the sample client (apps/provenance-client) through the
// new member's external host name.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { chaincodeServerName } from '../../tools/src/model/resource-names.ts';
import { apply } from '../node/apply.ts';
import { runCli } from '../support/run-cli.ts';
import { jobLog } from './job-log.ts';
import type { ClientRoute } from './e2e-cluster.ts';
import { memberClient, runMemberClient } from './member-client.ts';
import type { MemberCluster } from './members-kubeconfig.ts';
import { firstPeer, secondsSince, type NetworkContext } from './network-context.ts';
import { waitForSameHeight } from './peer-ledger.ts';
import { waitForJobsComplete, waitForWorkloadsReady } from './workloads.ts';

export interface EndorseOptions {
  readonly channel: string;
  readonly chaincode: string;
  /** The member that endorses (its peer and its admin send the transaction). */
  readonly member: MemberCluster;
  /** Current members whose peers endorse too (enough to satisfy the chaincode's endorsement policy). */
  readonly with: readonly string[];
  /** The chaincode function and its arguments. */
  readonly call: { readonly function: string; readonly args: readonly string[] };
  readonly timeoutMs?: number;
}

export interface EndorseResult {
  /** The approve Job's log (install and approval by the new member). */
  readonly approveLog: string;
  /** The invoking pod's log: the CLI's endorsement result and each peer's commit status. */
  readonly invokeLog: string;
  /** The height every endorsing peer reached after the transaction. */
  readonly height: number;
  readonly seconds: Readonly<Record<string, number>>;
}

interface RenderedJob {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: {
    template: {
      metadata?: unknown;
      spec: { containers: { command: string[]; env?: { name: string; value?: string }[] }[] };
    };
  };
}

/**
 * Endorsing peers from ENDORSING_PEERS ("<org id>,<MSP ID>,<host:port>" per member): the member's
 * own and `with`. Each must answer before the one invocation (a pod newer than the NetworkPolicy
 * sync, or a peer briefly not Ready, is refused for a few seconds), so the transaction is sent once.
 */
const INVOKE_SCRIPT = [
  'deadline=$(( $(date +%s) + 120 ))',
  'set --',
  'for entry in $ENDORSING_PEERS; do',
  '  org=${entry%%,*}',
  '  rest=${entry#*,}',
  '  address=${rest#*,}',
  '  case " $ENDORSERS " in *" $org "*) ;; *) continue ;; esac',
  '  until peer lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CC_NAME" --peerAddresses "$address" --tlsRootCertFiles "$TLS_ROOTS/$org.pem" >/work/probe.log 2>&1; do',
  '    if [ "$(date +%s)" -ge "$deadline" ]; then echo "peer $address does not answer: $(tail -n 1 /work/probe.log)" >&2; exit 1; fi',
  '    echo "waiting: peer $address does not answer yet"',
  '    sleep 3',
  '  done',
  '  set -- "$@" --peerAddresses "$address" --tlsRootCertFiles "$TLS_ROOTS/$org.pem"',
  'done',
  'echo "invoking $CC_NAME on $CHANNEL with endorsers: $*"',
  'peer chaincode invoke -o "$ORDERER_ADDRESS" --tls --cafile "$ORDERER_TLS_CA" -C "$CHANNEL" -n "$CC_NAME" "$@" -c "$CALL" --waitForEvent 2>&1',
].join('\n');

async function renderedCommitJob(network: NetworkContext, options: EndorseOptions): Promise<RenderedJob> {
  const out = join(network.example.keyDir, `render-${options.member.org}-${Date.now()}`);
  const org = options.member.org;
  const render = await runCli(['render', '--org', org, '--repo', network.example.repo.dir, '--out', out]);
  if (render.code !== 0) throw new Error(`render --org ${org} failed:\n${render.stderr}`);
  const prefix = `job-${options.chaincode}-${options.channel}-commit-`;
  const file = (await readdir(join(out, org))).find((f) => f.startsWith(prefix));
  if (file === undefined) throw new Error(`${org} renders no ${prefix}* Job`);
  return load(await readFile(join(out, org, file), 'utf8')) as RenderedJob;
}

export async function endorseWithNewMember(network: NetworkContext, options: EndorseOptions): Promise<EndorseResult> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const { member } = options;
  const seconds: Record<string, number> = {};

  let start = performance.now();
  const approvePrefix = `${options.chaincode}-${options.channel}-approve-`;
  // The chaincode server's Deployment is named per version (<chaincode>-<channel>-<version>).
  const { version } = load(
    await network.example.repo.read(`channels/${options.channel}/chaincodes/${options.chaincode}.yaml`),
  ) as { version: string };
  await waitForWorkloadsReady(network.cluster.api, member.namespace, {
    names: [chaincodeServerName({ name: options.chaincode, channel: options.channel, version })],
    timeoutMs,
  });
  await waitForJobsComplete(network.cluster.api, member.namespace, { prefix: approvePrefix, timeoutMs });
  const approveLog = await jobLog(network.cluster.api, member.namespace, approvePrefix);
  seconds['installed and approved by the new member'] = secondsSince(start);

  start = performance.now();
  const commit = await renderedCommitJob(network, options);
  const container = commit.spec.template.spec.containers[0];
  if (container === undefined) throw new Error('the rendered commit Job has no container');
  const name = `${options.chaincode}-endorse-${member.org}-${Date.now().toString(36)}`;
  const call = JSON.stringify({ function: options.call.function, Args: options.call.args });
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: member.namespace, labels: commit.metadata.labels ?? {} },
    spec: {
      backoffLimit: 0,
      template: {
        ...commit.spec.template,
        spec: {
          ...commit.spec.template.spec,
          containers: [
            {
              ...container,
              command: ['/bin/sh', '-ec', INVOKE_SCRIPT],
              env: [
                ...(container.env ?? []),
                { name: 'ENDORSERS', value: [member.org, ...options.with].join(' ') },
                { name: 'CALL', value: call },
              ],
            },
          ],
        },
      },
    },
  };
  await apply(network.cluster.api, [job]);
  await waitForJobsComplete(network.cluster.api, member.namespace, { prefix: name, timeoutMs });
  const invokeLog = await jobLog(network.cluster.api, member.namespace, name);
  seconds['transaction endorsed and committed'] = secondsSince(start);

  start = performance.now();
  const peers = network.members.filter((m) => options.with.includes(m.org)).map((m) => firstPeer(network, m));
  const height = await waitForSameHeight([...peers, firstPeer(network, member)], options.channel, {
    atLeast: 3,
    timeoutMs,
  });
  seconds['endorsers at the same height'] = secondsSince(start);
  return { approveLog, invokeLog, height, seconds };
}

export interface ClientEndorseOptions {
  readonly channel: string;
  /** The member whose client sends the transaction through its own peer's Gateway. */
  readonly member: MemberCluster;
  /** Current members whose peers endorse too; one of them reads the result back. */
  readonly with: readonly string[];
  readonly shipment: { readonly id: string; readonly from: string; readonly to: string; readonly location: string };
  /** Where the clients' profiles and MSP folders are written. */
  readonly workDir: string;
  readonly timeoutMs?: number;
}

export interface ClientEndorseResult {
  readonly transactionId: string;
  /** The shipment as each member in `with` reads it through its own peer, by org. */
  readonly readBack: Readonly<Record<string, { readonly id: string; readonly holder: string }>>;
  readonly seconds: Readonly<Record<string, number>>;
}

async function mspIdOf(network: NetworkContext, org: string): Promise<string> {
  return (load(await network.example.repo.read(`orgs/${org}/org.yaml`)) as { mspId: string }).mspId;
}

/**
 * The sample client of the new member records a hand-over through its peer's external host name,
 * asking its own peer and the `with` members' peers to endorse (the chaincode's policy names only
 * the founding members, so the Gateway would not ask the new member's peer otherwise); each `with`
 * member's client then reads the shipment through its own peer.
 */
export async function endorseThroughClient(
  network: NetworkContext,
  access: ClientRoute,
  options: ClientEndorseOptions,
): Promise<ClientEndorseResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const seconds: Record<string, number> = {};
  let start = performance.now();
  await mkdir(options.workDir, { recursive: true });
  const writer = await memberClient(network.example, options.member.org, options.workDir);
  const endorsing = await Promise.all([options.member.org, ...options.with].map((org) => mspIdOf(network, org)));
  const { id, from, to, location } = options.shipment;
  const args = ['record', id, from, to, location, '--endorsing', endorsing.join(',')];
  // Until gossip has told the new member's peer about the others' peers (through the anchor
  // peers), the Gateway finds no peers of theirs to ask and refuses before anything is endorsed.
  let record = await runMemberClient(access, writer, args);
  for (
    const deadline = Date.now() + timeoutMs;
    record.code !== 0 && /no (combination of )?peers/i.test(record.stderr) && Date.now() < deadline;
  ) {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    record = await runMemberClient(access, writer, args);
  }
  if (record.code !== 0) throw new Error(`record through ${options.member.org}'s peer failed:\n${record.stderr}`);
  const transactionId = (JSON.parse(record.stdout) as { transactionId: string }).transactionId;
  seconds['recorded through the new member’s peer'] = secondsSince(start);

  start = performance.now();
  const readBack: Record<string, { id: string; holder: string }> = {};
  for (const org of options.with) {
    const reader = await memberClient(network.example, org, options.workDir);
    let read = await runMemberClient(access, reader, ['shipment', id]);
    for (const deadline = Date.now() + timeoutMs; read.code !== 0 && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      read = await runMemberClient(access, reader, ['shipment', id]);
    }
    if (read.code !== 0) throw new Error(`${org} cannot read ${id}:\n${read.stderr}`);
    readBack[org] = JSON.parse(read.stdout) as { id: string; holder: string };
  }
  seconds['read back by the others'] = secondsSince(start);
  return { transactionId, readBack, seconds };
}
