// Storage sizes: a change touches only PersistentVolumeClaims (mounted by name, so no StatefulSet
// template changes), and a shrink against the previous output is reported.
import { describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { findStorageShrinks } from '../../tools/src/render/storage-shrink.ts';
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
