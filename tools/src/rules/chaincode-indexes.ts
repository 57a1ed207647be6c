import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/** What Fabric requires of a CouchDB index definition: an `index` object with a non-empty `fields` list. */
// Fabric: core/ledger/kvledger/txmgmt/statedb/statecouchdb/couchdb.go CreateIndex
function indexProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `is not JSON (${(error as Error).message})`;
  }
  const index = (parsed as { index?: { fields?: unknown } } | null)?.index;
  if (typeof index !== 'object' || index === null) return 'has no "index" object';
  if (!Array.isArray(index.fields) || index.fields.length === 0) return 'has no "index.fields" list';
  return undefined;
}

/**
 * A chaincode's metaInf folder holds the CouchDB indexes its package carries: at least one, each
 * an index definition CouchDB accepts. A bad one would only show up as a peer's log line.
 */
export function checkChaincodeIndexes(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      const metaInf = chaincode.metaInf;
      if (metaInf === undefined) continue;
      if (metaInf.files.length === 0)
        found.push(
          reportAt({
            rule: 'chaincode-indexes',
            severity: 'error',
            source: chaincode.source,
            path: 'metaInf',
            message: `chaincode "${chaincode.name}": no CouchDB index (*.json) under ${metaInf.dir}/statedb/couchdb/`,
            hint: `Put the indexes in ${metaInf.dir}/statedb/couchdb/indexes/ (collections: .../collections/<name>/indexes/), or remove metaInf.`,
          }),
        );
      for (const file of metaInf.files) {
        // The package's tar headers hold names of up to 100 bytes (chaincode-package.ts).
        const problem =
          Buffer.byteLength(file.path) > 100
            ? `is ${file.path} in the package, longer than the 100 bytes a tar name holds`
            : indexProblem(file.text);
        if (problem !== undefined)
          found.push(
            reportAt({
              rule: 'chaincode-indexes',
              severity: 'error',
              source: chaincode.source,
              path: 'metaInf',
              message: `chaincode "${chaincode.name}": ${file.file} ${problem}; peers with CouchDB state would not create it`,
              hint: 'Write it as {"index": {"fields": ["docType", "owner"]}, "ddoc": "...", "name": "...", "type": "json"}.',
            }),
          );
      }
    }
  }
  return found;
}
