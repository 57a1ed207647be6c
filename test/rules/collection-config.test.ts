import { describe, expect, it } from 'vitest';
import { checkCollectionConfig } from '../../tools/src/rules/collection-config.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('collection-config', () => {
  it('accepts the builder model', () => {
    expect(runRule(checkCollectionConfig, buildModel())).toEqual([]);
  });

  it('reports a collection name used twice', () => {
    const found = runRule(
      checkCollectionConfig,
      buildModel({}, (m) => {
        const collections = m.channels[1]!.chaincodes[0]!.collections;
        collections.push({ ...collections[0]! });
      }),
    );
    expect(found).toMatchObject([
      { rule: 'collection-config', file: 'channels/traceability/chaincodes/provenance.yaml' },
    ]);
    expect(found[0]!.message).toContain('twice');
  });

  it('reports requiredPeerCount above maxPeerCount at its line', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'channels/traceability/chaincodes/provenance.yaml';
      await repo.edit(path, (t) => t.replace('requiredPeerCount: 1', 'requiredPeerCount: 3'));
      const text = await repo.read(path);
      expect(findingsOf(await repo.validate(), 'collection-config')).toMatchObject([
        { file: path, line: lineOf(text, 'requiredPeerCount: 3'), severity: 'error' },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
