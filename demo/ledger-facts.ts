// The ledger facts of the running network, as the walkthrough tells them: ledger-probe.ts reads
// them from every member's peer inside the node's network namespace; the lines below are what
// the reader (and the end-to-end test of the demo) sees.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BlockSummary } from './block-summary.ts';
import type { ChainInfo, CommittedDefinition, TransactionBlock } from './ledger-queries.ts';

export type Outcome<T> =
  { readonly value: T; readonly error?: undefined } | { readonly error: string; readonly value?: undefined };

export interface LedgerRequest {
  /** The address the members' external host names resolve to (the node's gateway). */
  readonly gatewayAddress: string;
  readonly members: readonly {
    readonly org: string;
    /** The member's rendered external connection profile. */
    readonly profile: string;
    /** An MSP folder with the member's admin identity. */
    readonly mspDir: string;
    readonly peerHost: string;
    /** The channels the member's peer has joined. */
    readonly channels: readonly string[];
  }[];
  readonly definitions: readonly { readonly channel: string; readonly name: string }[];
  readonly transaction?: { readonly channel: string; readonly txId: string };
  /** Every block of `channel` as the peer of `org` holds it. */
  readonly chain?: { readonly org: string; readonly channel: string };
  /** How long a failing query is retried. */
  readonly waitMs: number;
}

export interface MemberLedger {
  readonly mspId: string;
  readonly peer: string;
  readonly heights: Readonly<Record<string, Outcome<ChainInfo>>>;
  /** By `<channel>/<chaincode>`. */
  readonly definitions: Readonly<Record<string, Outcome<CommittedDefinition>>>;
  readonly transaction: Outcome<TransactionBlock> | undefined;
  readonly chain?: { readonly channel: string; readonly blocks: Outcome<readonly BlockSummary[]> } | undefined;
}

/** By org id. */
export type LedgerReport = Readonly<Record<string, MemberLedger>>;

const projectRoot = resolve(import.meta.dirname, '..');

/** Runs ledger-probe.ts in the network namespace of `namespacePid`; `dir` holds the request file. */
export async function readLedger(namespacePid: number, request: LedgerRequest, dir: string): Promise<LedgerReport> {
  const file = join(dir, `ledger-request-${Date.now()}.json`);
  await writeFile(file, JSON.stringify(request));
  const probe = join(projectRoot, 'demo', 'ledger-probe.ts');
  const args = ['-t', String(namespacePid), '-n', '--', process.execPath, '--import', 'tsx', probe, file];
  const timeoutMs = request.waitMs + 60_000;
  return new Promise((done, fail) => {
    const child = spawn('nsenter', args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) done(JSON.parse(stdout) as LedgerReport);
      else
        fail(
          new Error(`the ledger probe exited with ${String(code)}: ${stderr.trim() || '(killed after the deadline)'}`),
        );
    });
  });
}

function outcome<T>(result: Outcome<T> | undefined, show: (value: T) => string): string {
  if (result === undefined) return 'not asked';
  return result.error === undefined ? show(result.value) : `unreadable (${result.error})`;
}

/** `peer0.<domain> (MSP): traceability height 4, recalls height 3` per member. */
export function heightLines(report: LedgerReport): string[] {
  return Object.values(report).map((member) => {
    const heights = Object.entries(member.heights).map(
      ([channel, info]) => `${channel} height ${outcome(info, (i) => String(i.height))}`,
    );
    return `${member.peer} (${member.mspId}): ${heights.join(', ')}`;
  });
}

/** What each member's peer says of each committed definition. */
export function definitionLines(report: LedgerReport): string[] {
  const lines: string[] = [];
  for (const member of Object.values(report)) {
    for (const [key, definition] of Object.entries(member.definitions)) {
      const [channel, name] = key.split('/');
      lines.push(
        `${member.peer}: ${name ?? key} on ${channel ?? key} is committed at ${outcome(definition, (d) => {
          const approvals = Object.entries(d.approvals)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([msp, approved]) => `${msp} ${approved ? 'yes' : 'no'}`);
          return `sequence ${d.sequence}, version ${d.version}${d.initRequired ? ', Init required' : ''}; approvals: ${approvals.join(', ')}`;
        })}`,
      );
    }
  }
  return lines;
}

/** Where each member's peer has the transaction. */
export function transactionLines(report: LedgerReport): string[] {
  return Object.values(report)
    .filter((member) => member.transaction !== undefined)
    .map(
      (member) => `${member.peer}: ${outcome(member.transaction, (t) => `in block ${t.blockNumber}, ${t.validation}`)}`,
    );
}

/** The chain one member's peer holds, a line per block: each transaction's call, signer and verdict. */
export function chainLines(report: LedgerReport): string[] {
  const lines: string[] = [];
  for (const member of Object.values(report)) {
    if (member.chain === undefined) continue;
    const { blocks } = member.chain;
    if (blocks.error !== undefined) {
      lines.push(`unreadable (${blocks.error})`);
      continue;
    }
    for (const block of blocks.value) {
      const transactions = block.transactions.map((t) => {
        const what = t.call ?? t.type;
        const by = t.creator === '' ? '' : ` by ${t.creator}`;
        // A block without the peer's verdicts (none found in its metadata) shows none.
        const verdict = t.validation === 'unknown' ? '' : `, ${t.validation}`;
        return `${what}${by}${verdict}`;
      });
      lines.push(`block ${block.number}: ${transactions.join('; ')}`);
    }
  }
  return lines;
}
