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

  it('reports a mistyped member once, naming the org it is closest to, and nothing that follows from it', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/traceability/channel.yaml', (t) => t.replace('  - logistics\n', '  - logistcs\n'));
      const result = await repo.validate();
      // Without the typo counted as its org, the org's anchor peer, its installation of the
      // chaincode and its MSP in the endorsement policy would each be reported too.
      expect(result.diagnostics.map((d) => d.rule)).toEqual(['channel-member-exists']);
      expect(result.diagnostics[0]!.message).toBe(
        'channel "traceability" lists member "logistcs", but there is no orgs/logistcs/org.yaml; did you mean "logistics"?',
      );
      expect(result.diagnostics[0]!.hint).toContain('Replace "logistcs" with "logistics"');
    } finally {
      await repo.remove();
    }
  });

  it('suggests nothing for an id unlike every org, and the other findings stay', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('channels/traceability/channel.yaml', (t) => t.replace('  - logistics\n', '  - zzzzzz\n'));
      const result = await repo.validate();
      const rules = result.diagnostics.map((d) => d.rule);
      expect(rules).toContain('anchor-peer-member');
      expect(findingsOf(result, 'channel-member-exists')[0]!.message).not.toContain('did you mean');
    } finally {
      await repo.remove();
    }
  });
});
