// Reads the ledger facts the walkthrough narrates from every member's peer, as each member's
// application would: the member's rendered external connection profile, its admin identity, its
// peer's external host name (through the gateway's TLS passthrough). Run in the test node's
// network namespace, where the gateway's address is routed:
//   node --import tsx demo/ledger-probe.ts REQUEST.json     (prints a LedgerReport as JSON)
// A query that fails is retried until the request's deadline (a peer a block behind answers
// "not found" for a moment), then reported as an error string instead of a value.
import { readFile } from 'node:fs/promises';
import { connectGateway, loadMspIdentity } from '../apps/provenance-client/connect.ts';
import { parseConnectionProfile, resolveEndpoint } from '../apps/provenance-client/profile.ts';
import { GatewayError } from '@hyperledger/fabric-gateway';
import type { BlockSummary } from './block-summary.ts';
import {
  blockByNumber,
  chainInfo,
  committedDefinition,
  transactionBlock,
  type CommittedDefinition,
} from './ledger-queries.ts';
import type { LedgerReport, LedgerRequest, MemberLedger, Outcome } from './ledger-facts.ts';

/** A Gateway error with what each peer said. */
function describeError(error: unknown): string {
  if (error instanceof GatewayError)
    return [error.message, ...error.details.map((d) => `${d.address} (${d.mspId}): ${d.message}`)].join('; ');
  return error instanceof Error ? error.message : String(error);
}

async function retrying<T>(deadline: number, query: () => Promise<T>): Promise<Outcome<T>> {
  for (;;) {
    try {
      return { value: await query() };
    } catch (error) {
      if (Date.now() >= deadline) return { error: describeError(error) };
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

async function probe(request: LedgerRequest): Promise<LedgerReport> {
  const deadline = Date.now() + request.waitMs;
  const report: Record<string, MemberLedger> = {};
  await Promise.all(
    request.members.map(async (member) => {
      const target = resolveEndpoint(
        parseConnectionProfile(await readFile(member.profile, 'utf8'), member.profile),
        `${member.peerHost}=${request.gatewayAddress}`,
      );
      const connection = connectGateway(target, await loadMspIdentity(member.mspDir, target.mspId));
      try {
        const { gateway } = connection;
        const heights: Record<string, Outcome<{ height: number; currentBlockHash: string }>> = {};
        for (const channel of member.channels)
          heights[channel] = await retrying(deadline, () => chainInfo(gateway, target.mspId, channel));
        const definitions: Record<string, Outcome<CommittedDefinition>> = {};
        for (const { channel, name } of request.definitions.filter((d) => member.channels.includes(d.channel)))
          definitions[`${channel}/${name}`] = await retrying(deadline, () =>
            committedDefinition(gateway, target.mspId, channel, name),
          );
        const tx = request.transaction;
        const transaction =
          tx === undefined || !member.channels.includes(tx.channel)
            ? undefined
            : await retrying(deadline, () => transactionBlock(gateway, target.mspId, tx.channel, tx.txId));
        const wanted = request.chain?.org === member.org ? request.chain.channel : undefined;
        const height = wanted === undefined ? undefined : heights[wanted]?.value?.height;
        const chain =
          wanted === undefined
            ? undefined
            : {
                channel: wanted,
                blocks: await retrying(deadline, async () => {
                  if (height === undefined) throw new Error(`no height of ${wanted}`);
                  const blocks: BlockSummary[] = [];
                  for (let n = 0; n < height; n += 1)
                    blocks.push(await blockByNumber(gateway, target.mspId, wanted, n));
                  return blocks;
                }),
              };
        report[member.org] = { mspId: target.mspId, peer: member.peerHost, heights, definitions, transaction, chain };
      } finally {
        connection.close();
      }
    }),
  );
  return report;
}

const file = process.argv[2];
try {
  if (file === undefined) throw new Error('usage: ledger-probe.ts REQUEST.json');
  const request = JSON.parse(await readFile(file, 'utf8')) as LedgerRequest;
  console.log(JSON.stringify(await probe(request)));
} catch (error) {
  console.error(`ledger probe: ${describeError(error)}`);
  process.exitCode = 1;
}
