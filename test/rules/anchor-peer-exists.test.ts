import { describe, expect, it } from 'vitest';
import { checkAnchorPeerExists } from '../../tools/src/rules/anchor-peer-exists.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('anchor-peer-exists', () => {
  it('accepts peers of existing orgs', () => {
    expect(runRule(checkAnchorPeerExists, buildModel())).toEqual([]);
  });

  it('reports an unknown org', () => {
    const found = runRule(
      checkAnchorPeerExists,
      buildModel({}, (m) => void (m.channels[0]!.anchorPeers[0]!.org = 'org9')),
    );
    expect(found).toMatchObject([{ rule: 'anchor-peer-exists', file: 'channels/recalls/channel.yaml' }]);
  });

  it('reports a peer the org does not declare, at the peer line', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace('    peer: peer1\n', '    peer: peer7\n'));
      const text = await repo.read('channels/recalls/channel.yaml');
      const found = findingsOf(await repo.validate(), 'anchor-peer-exists');
      expect(found).toMatchObject([
        { file: 'channels/recalls/channel.yaml', line: lineOf(text, 'peer: peer7'), column: 11 },
      ]);
      expect(found[0]!.message).toContain('peer0, peer1');
    } finally {
      await repo.remove();
    }
  });
});
