import { describe, expect, it } from 'vitest';
import { checkNodeLocalStorage } from '../../tools/src/rules/node-local-storage.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('node-local-storage', () => {
  it('accepts network-backed storage classes', () => {
    expect(runRule(checkNodeLocalStorage, buildModel())).toEqual([]);
  });

  it.each(['local-path', 'openebs-hostpath', 'microk8s-hostpath', 'Local-Storage'])(
    'warns about %s',
    (storageClass) => {
      const found = runRule(
        checkNodeLocalStorage,
        buildModel({}, (m) => void (m.orgs[1]!.cluster.storageClass = storageClass)),
      );
      expect(found).toMatchObject([{ rule: 'node-local-storage', severity: 'warning', file: 'orgs/org2/org.yaml' }]);
    },
  );

  it('warns at the storageClass line and leaves the repository valid', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('storageClass: managed-csi-premium', 'storageClass: local-path'),
      );
      const text = await repo.read('orgs/retailer/org.yaml');
      const result = await repo.validate();
      expect(findingsOf(result, 'node-local-storage')).toMatchObject([
        { file: 'orgs/retailer/org.yaml', line: lineOf(text, 'storageClass: local-path'), column: 17 },
      ]);
      expect(result.ok).toBe(true);
    } finally {
      await repo.remove();
    }
  });
});
