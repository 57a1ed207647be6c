// A client that records custody hand-overs in a loop through the provenance client (one Gateway
// connection, one transaction after the other) until the stop file exists, writing one JSON line
// per transaction to the output file: { n, ok, txId?, error?, resubmits, at }. Started inside the
// native network by chaincode-upgrade.fabric.test.ts while the chaincode is upgraded.
//   client-loop.ts PROFILE MSP_DIR OUT_FILE STOP_FILE SHIPMENT_PREFIX [HOST=ADDRESS]
// The optional last argument dials ADDRESS for the profile's peer host (the client's --resolve),
// as the end-to-end test on the node reaches a member's peer through the gateway.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { connectGateway, loadMspIdentity } from '../../apps/provenance-client/connect.ts';
import { describeError } from '../../apps/provenance-client/describe-error.ts';
import { parseConnectionProfile, resolveEndpoint } from '../../apps/provenance-client/profile.ts';
import { ProvenanceClient } from '../../apps/provenance-client/provenance.ts';

export interface LoopRecord {
  readonly n: number;
  readonly ok: boolean;
  readonly txId?: string;
  readonly error?: string;
  /** Why earlier attempts of this transaction did not commit (each submitted again). */
  readonly resubmits: readonly string[];
  /** When the transaction was committed (or failed), ms since the epoch. */
  readonly at: number;
}

const [profile = '', mspDir = '', out = '', stop = '', prefix = '', resolve] = process.argv.slice(2);
const profiled = parseConnectionProfile(readFileSync(profile, 'utf8'), profile, {});
const target = resolve === undefined ? profiled : resolveEndpoint(profiled, resolve);
const connection = connectGateway(target, await loadMspIdentity(mspDir, target.mspId));
try {
  for (let n = 1; !existsSync(stop); n++) {
    const resubmits: string[] = [];
    const client = new ProvenanceClient(connection.gateway, {
      channel: 'traceability',
      onResubmit: (r) => resubmits.push(r.reason),
    });
    let record: LoopRecord;
    try {
      const txId = await client.recordHandOver({
        shipmentId: `${prefix}-${String(n)}`,
        from: 'acme-plant-7',
        to: 'straits-freight',
        location: 'Rotterdam',
      });
      record = { n, ok: true, txId, resubmits, at: Date.now() };
    } catch (error) {
      record = { n, ok: false, error: describeError(error), resubmits, at: Date.now() };
    }
    appendFileSync(out, `${JSON.stringify(record)}\n`);
  }
} finally {
  connection.close();
}
