import { describe, expect, it } from 'vitest';
import { checkChannelMemberExists } from '../../tools/src/rules/channel-member-exists.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('channel-member-exists', () => {
  it('accepts members that are orgs', () => {
    expect(runRule(checkChannelMemberExists, buildModel())).toEqual([]);
  });

  it('reports a member listed twice', () => {
    const found = runRule(
      checkChannelMemberExists,
      buildModel({}, (m) => void m.channels[0]!.members.push('org1')),
    );
    expect(found).toMatchObject([{ rule: 'channel-member-exists', file: 'channels/recalls/channel.yaml' }]);
    expect(found[0]!.message).toContain('twice');
  });

  it('reports an unknown member at its line', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace('  - retailer\n', '  - retail\n'));
      const text = await repo.read('channels/recalls/channel.yaml');
      const found = findingsOf(await repo.validate(), 'channel-member-exists');
      expect(found).toMatchObject([
        { file: 'channels/recalls/channel.yaml', line: lineOf(text, '- retail'), column: 5, severity: 'error' },
      ]);
      expect(found[0]!.message).toContain('orgs/retail/org.yaml');
    } finally {
      await repo.remove();
    }
  });
});
