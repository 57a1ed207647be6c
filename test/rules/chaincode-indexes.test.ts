import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf } from '../support/rule-harness.ts';
import { loadExampleModel, memberOf, objectsOf } from '../render/support/render-fixtures.ts';

const file = 'channels/traceability/chaincodes/provenance.yaml';
const index = 'chaincode/provenance/META-INF/statedb/couchdb/indexes/indexHolder.json';

/** Names and contents of a ustar archive's regular files. */
function untar(tar: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '');
    if (name === '') break;
    const size = parseInt(tar.toString('ascii', offset + 124, offset + 136).replace(/\0.*$/s, ''), 8);
    files.set(name, tar.subarray(offset + 512, offset + 512 + size));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

describe('chaincode-indexes', () => {
  it("puts the example chaincode's CouchDB index into every member's install package", async () => {
    const members = renderConsortium(await loadExampleModel());
    for (const org of ['manufacturer', 'logistics', 'retailer']) {
      const map = objectsOf(memberOf(members, org)).find(
        (o) => o.object.metadata.name === 'provenance-traceability-1-0-0-package',
      )?.object as { binaryData: Record<string, string> } | undefined;
      const outer = untar(gunzipSync(Buffer.from(map?.binaryData['package.tar.gz'] ?? '', 'base64')));
      const code = untar(gunzipSync(outer.get('code.tar.gz') ?? Buffer.alloc(0)));
      expect([...code.keys()]).toEqual(['connection.json', 'META-INF/statedb/couchdb/indexes/indexHolder.json']);
      expect(JSON.parse(code.get('META-INF/statedb/couchdb/indexes/indexHolder.json')?.toString() ?? '')).toMatchObject(
        {
          index: { fields: ['docType', 'holder'] },
        },
      );
    }
  });

  it('reports a metaInf folder without indexes, and an index CouchDB would refuse, at the metaInf line', async () => {
    const repo = await copyExampleRepo();
    try {
      expect(findingsOf(await repo.validate(), 'chaincode-indexes')).toEqual([]);
      await repo.write(index, '{"ddoc": "indexHolderDoc", "name": "indexHolder"}');
      let found = findingsOf(await repo.validate(), 'chaincode-indexes');
      expect(found).toMatchObject([{ file, line: lineOf(await repo.read(file), 'metaInf:'), severity: 'error' }]);
      expect(found[0]!.message).toContain(`${index} has no "index" object`);
      await repo.write(index, '{"index": ');
      found = findingsOf(await repo.validate(), 'chaincode-indexes');
      expect(found[0]!.message).toContain(`${index} is not JSON`);
      await repo.edit(file, (t) => t.replace('metaInf: chaincode/provenance/META-INF', 'metaInf: chaincode/nothing'));
      found = findingsOf(await repo.validate(), 'chaincode-indexes');
      expect(found[0]!.message).toContain('no CouchDB index (*.json) under chaincode/nothing/statedb/couchdb/');
    } finally {
      await repo.remove();
    }
  });
});
