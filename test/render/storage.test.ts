// Storage sizes: a change touches only PersistentVolumeClaims (mounted by name, so no StatefulSet
// template changes), and a shrink against the previous output is reported.
import { describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { checkStorageShrink, findStorageShrinks } from '../../tools/src/render/storage-shrink.ts';
import { parseQuantity } from '../../tools/src/render/storage.ts';
import type { RenderedMember } from '../../tools/src/render/types.ts';
import { builtModel, memberOf } from './support/render-fixtures.ts';

function changedFiles(before: RenderedMember, after: RenderedMember): string[] {
  const old = new Map(before.files.map((f) => [f.path, f.content]));
  const paths = new Set([...before.files.map((f) => f.path), ...after.files.map((f) => f.path)]);
  return [...paths].filter((p) => old.get(p) !== after.files.find((f) => f.path === p)?.content).sort();
}

describe('storage sizes', () => {
  it("changing a LevelDB peer's storage changes only its ledger PVC", async () => {
    const before = memberOf(renderConsortium(await builtModel()), 'org1');
    const after = memberOf(
      renderConsortium(
        await builtModel((m) => {
          m.orgs[0]!.peers[1]!.storage = '80Gi';
        }),
      ),
      'org1',
    );
    expect(changedFiles(before, after)).toEqual(['persistentvolumeclaim-peer1-org1-ledger.yaml']);
    expect(after.files.find((f) => f.path === 'persistentvolumeclaim-peer1-org1-ledger.yaml')?.content).toContain(
      'storage: 80Gi',
    );
  });

  it("changing a CouchDB peer's storage changes only its two PVCs (ledger and state database)", async () => {
    const before = memberOf(renderConsortium(await builtModel()), 'org1');
    const after = memberOf(
      renderConsortium(await builtModel((m) => void (m.orgs[0]!.peers[0]!.storage = '60Gi'))),
      'org1',
    );
    expect(changedFiles(before, after)).toEqual([
      'persistentvolumeclaim-peer0-org1-couchdb-data.yaml',
      'persistentvolumeclaim-peer0-org1-ledger.yaml',
    ]);
  });

  it("changing an orderer's or the CA's storage changes only that PVC", async () => {
    const before = memberOf(renderConsortium(await builtModel()), 'org2');
    const after = memberOf(
      renderConsortium(
        await builtModel((m) => {
          m.orgs[1]!.orderers[0]!.storage = '30Gi';
          m.orgs[1]!.ca.storage = '2Gi';
        }),
      ),
      'org2',
    );
    expect(changedFiles(before, after)).toEqual([
      'persistentvolumeclaim-ca-org2-data.yaml',
      'persistentvolumeclaim-orderer0-org2-ledger.yaml',
    ]);
  });

  it('finds a shrink, naming the file, the claim and both sizes; growth and new claims are fine', async () => {
    const before = memberOf(renderConsortium(await builtModel()), 'org1');
    const shrunk = memberOf(
      renderConsortium(await builtModel((m) => void (m.orgs[0]!.orderers[0]!.storage = '19Gi'))),
      'org1',
    );
    expect(findStorageShrinks(before.files, shrunk.files)).toEqual([
      {
        file: 'persistentvolumeclaim-orderer0-org1-ledger.yaml',
        claim: 'orderer0-org1-ledger',
        previous: '20Gi',
        next: '19Gi',
      },
    ]);
    const grown = memberOf(
      renderConsortium(await builtModel((m) => void (m.orgs[0]!.orderers[0]!.storage = '21474836481'))),
      'org1',
    );
    expect(findStorageShrinks(before.files, grown.files)).toEqual([]);
    expect(findStorageShrinks([], before.files)).toEqual([]);
  });

  it('compares quantities across units', () => {
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1500M')).toBeGreaterThan(parseQuantity('1Gi') ?? Infinity);
    expect(parseQuantity('2e3')).toBe(2000);
    expect(parseQuantity('0.5Ti')).toBe(2 ** 39);
    expect(parseQuantity('ten')).toBeUndefined();
  });
});

describe('storage shrink between two revisions of the repository', () => {
  it('reports a shrunk peer, orderer or CA volume at its line in org.yaml; growth and new nodes pass', async () => {
    const base = await builtModel();
    const head = await builtModel((m) => {
      const org = m.orgs[1]!;
      org.peers[0]!.storage = '10Gi';
      org.orderers[0]!.storage = '10Gi';
      org.ca.storage = '512Mi';
      org.peers.push({ name: 'peer2', stateDb: 'leveldb', storage: '1Gi' });
      org.source.positions['peers.0.storage'] = { file: 'orgs/org2/org.yaml', line: 31, column: 14 };
    });
    const diagnostics = checkStorageShrink(base, head);
    expect(diagnostics.map((d) => [d.rule, d.file, d.line, d.message])).toEqual([
      [
        'storage-shrink',
        'orgs/org2/org.yaml',
        31,
        'storage of peer peer0 of org2 would shrink from 50Gi to 10Gi; a PersistentVolumeClaim cannot shrink',
      ],
      [
        'storage-shrink',
        'orgs/org2/org.yaml',
        1,
        'storage of orderer orderer0 of org2 would shrink from 20Gi to 10Gi; a PersistentVolumeClaim cannot shrink',
      ],
      [
        'storage-shrink',
        'orgs/org2/org.yaml',
        1,
        'storage of the CA of org2 would shrink from 1Gi to 512Mi; a PersistentVolumeClaim cannot shrink',
      ],
    ]);
    expect(checkStorageShrink(head, base)).toEqual([]);
  });
});
