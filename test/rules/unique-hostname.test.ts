import { describe, expect, it } from 'vitest';
import { checkUniqueHostname } from '../../tools/src/rules/unique-hostname.ts';
import { peerHost } from '../../tools/src/model/endpoints.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('unique-hostname', () => {
  it('accepts the builder model', () => {
    expect(runRule(checkUniqueHostname, buildModel())).toEqual([]);
  });

  it('derives peer hosts from the ingress domain, case-insensitively', () => {
    const model = buildModel({}, (m) => {
      m.orgs[0]!.peers[1]!.name = 'PEER0';
    });
    const org = model.orgs[0]!;
    expect(peerHost(org, org.peers[0]!)).toBe('peer0.fabric.org1.example');
    const found = runRule(checkUniqueHostname, model);
    expect(found).toMatchObject([{ rule: 'unique-hostname', file: 'orgs/org1/org.yaml' }]);
    expect(found[0]!.message).toContain('peer0.fabric.org1.example');
  });

  it('reports a peer whose name makes it collide with the CA', () => {
    const found = runRule(
      checkUniqueHostname,
      buildModel({}, (m) => {
        m.orgs[0]!.peers[0]!.name = 'ca';
      }),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain('the CA of org "org1"');
  });

  it('reports two orgs sharing an org domain', () => {
    const found = runRule(
      checkUniqueHostname,
      buildModel({}, (m) => {
        m.orgs[2]!.domain = 'ORG1.example';
      }),
    );
    expect(found).toMatchObject([{ file: 'orgs/org3/org.yaml' }]);
  });

  it('points at the first colliding value in the fixture', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('domain: fabric.harborview-retail.example', 'domain: fabric.straits-freight.example'),
      );
      const found = findingsOf(await repo.validate(), 'unique-hostname');
      const text = await repo.read('orgs/retailer/org.yaml');
      // CA, peer0, peer1 and orderer0 all collide with logistics' nodes.
      expect(found.map((d) => d.line)).toEqual([
        lineOf(text, 'domain: fabric.straits-freight.example'),
        lineOf(text, 'name: peer0'),
        lineOf(text, 'name: peer1'),
        lineOf(text, 'name: orderer0'),
      ]);
      expect(found.every((d) => d.file === 'orgs/retailer/org.yaml')).toBe(true);
    } finally {
      await repo.remove();
    }
  });
});
