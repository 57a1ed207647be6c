import { describe, expect, it } from 'vitest';
import { checkAnchorPeerPerMember } from '../../tools/src/rules/anchor-peer-per-member.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('anchor-peer-per-member', () => {
  it('accepts channels where every member has an anchor peer', () => {
    expect(runRule(checkAnchorPeerPerMember, buildModel())).toEqual([]);
  });

  it('warns at the member without an anchor peer, and the repository stays valid', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace(/ {2}- org: retailer\n {4}peer: peer1\n/, ''));
      // The change reaches the channels' configs: it carries its config updates, as a user's would.
      await repo.writeUpdates();
      const text = await repo.read('channels/recalls/channel.yaml');
      const result = await repo.validate();
      expect(findingsOf(result, 'anchor-peer-per-member')).toMatchObject([
        { file: 'channels/recalls/channel.yaml', line: lineOf(text, '- retailer'), severity: 'warning' },
      ]);
      expect(result.ok).toBe(true);
    } finally {
      await repo.remove();
    }
  });
});
