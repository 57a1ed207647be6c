import { describe, expect, it } from 'vitest';
import { checkAnchorPeerMember } from '../../tools/src/rules/anchor-peer-member.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('anchor-peer-member', () => {
  it('accepts anchor peers of members', () => {
    expect(runRule(checkAnchorPeerMember, buildModel())).toEqual([]);
  });

  it('leaves unknown orgs to anchor-peer-exists', () => {
    expect(
      runRule(
        checkAnchorPeerMember,
        buildModel({}, (m) => void (m.channels[0]!.anchorPeers[0]!.org = 'nobody')),
      ),
    ).toEqual([]);
  });

  it('reports an anchor peer of an org outside the channel', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace('  - org: retailer\n', '  - org: logistics\n'));
      const text = await repo.read('channels/recalls/channel.yaml');
      const found = findingsOf(await repo.validate(), 'anchor-peer-member');
      expect(found).toMatchObject([
        { file: 'channels/recalls/channel.yaml', line: lineOf(text, 'org: logistics'), severity: 'error' },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
