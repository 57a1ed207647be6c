import { describe, expect, it } from 'vitest';
import { checkKubernetesName } from '../../tools/src/rules/kubernetes-name.ts';
import { chaincodeResourceName, peerResourceName } from '../../tools/src/model/resource-names.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('kubernetes-name', () => {
  it('accepts the builder model', () => {
    expect(runRule(checkKubernetesName, buildModel())).toEqual([]);
  });

  it('folds chaincode and channel names into object names', () => {
    expect(chaincodeResourceName({ name: 'Asset_Transfer', channel: 'eu.trade' })).toBe('asset-transfer-eu-trade');
    const model = buildModel();
    expect(peerResourceName(model.orgs[0]!, model.orgs[0]!.peers[0]!)).toBe('peer0-org1');
  });

  it('reports a namespace that is not a DNS-1123 label', () => {
    const found = runRule(
      checkKubernetesName,
      buildModel({}, (m) => void (m.orgs[0]!.cluster.namespace = 'Fabric_NS')),
    );
    expect(found).toMatchObject([{ rule: 'kubernetes-name', file: 'orgs/org1/org.yaml' }]);
  });

  it('reports a channel name too long for a label value', () => {
    const found = runRule(
      checkKubernetesName,
      buildModel({}, (m) => void (m.channels[0]!.name = 'c'.repeat(64))),
    );
    expect(found).toMatchObject([{ file: 'channels/recalls/channel.yaml' }]);
    expect(found[0]!.message).toContain('label value');
  });

  it('reports a chaincode object name over 63 characters', () => {
    const found = runRule(
      checkKubernetesName,
      buildModel({}, (m) => void (m.channels[1]!.chaincodes[0]!.name = 'p'.repeat(55))),
    );
    expect(found).toMatchObject([{ file: 'channels/traceability/chaincodes/provenance.yaml' }]);
    expect(found[0]!.message).toContain('74 characters');
  });

  it('reports a StatefulSet name over 52 characters at the peer name', async () => {
    const repo = await copyExampleRepo();
    try {
      const peer = 'p'.repeat(44);
      await repo.edit('orgs/retailer/org.yaml', (t) => t.replace('  - name: peer1\n', `  - name: ${peer}\n`));
      const text = await repo.read('orgs/retailer/org.yaml');
      const found = findingsOf(await repo.validate(), 'kubernetes-name');
      // <peer>-retailer is 53 characters; its CouchDB StatefulSet name is longer still.
      expect(found.map((d) => [d.file, d.line])).toEqual([
        ['orgs/retailer/org.yaml', lineOf(text, peer)],
        ['orgs/retailer/org.yaml', lineOf(text, peer)],
      ]);
      expect(found[0]!.message).toContain('53 characters');
    } finally {
      await repo.remove();
    }
  });

  it('reports two chaincodes that fold to one object name in a member namespace', async () => {
    const repo = await copyExampleRepo();
    try {
      const text = (await repo.read('channels/recalls/chaincodes/recall-notices.yaml')).replace(
        'name: recall-notices',
        'name: Recall_Notices',
      );
      await repo.write('channels/recalls/chaincodes/Recall_Notices.yaml', text);
      const found = findingsOf(await repo.validate(), 'kubernetes-name');
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ line: lineOf(text, 'name: Recall_Notices'), severity: 'error' });
      expect(found[0]!.message).toContain('"recall-notices-recalls-1-0-0"');
    } finally {
      await repo.remove();
    }
  });
});
