import { describe, expect, it } from 'vitest';
import { checkChannelName } from '../../tools/src/rules/channel-name.ts';
import { buildModel } from '../support/model-builder.ts';
import { runRule } from '../support/rule-harness.ts';

describe('channel-name', () => {
  it('accepts Fabric channel names', () => {
    expect(
      runRule(
        checkChannelName,
        buildModel({}, (m) => void (m.channels[0]!.name = 'a.b-c9')),
      ),
    ).toEqual([]);
  });

  it.each(['Traceability', '9lives', 'trace_ability', '-x', ''])('reports %j', (name) => {
    const found = runRule(
      checkChannelName,
      buildModel({}, (m) => void (m.channels[0]!.name = name)),
    );
    expect(found).toMatchObject([{ rule: 'channel-name', severity: 'error', file: 'channels/recalls/channel.yaml' }]);
  });

  it('reports names longer than 249 characters', () => {
    const found = runRule(
      checkChannelName,
      buildModel({}, (m) => void (m.channels[0]!.name = 'a'.repeat(250))),
    );
    expect(found[0]?.message).toContain('250 characters');
    expect(
      runRule(
        checkChannelName,
        buildModel({}, (m) => void (m.channels[0]!.name = 'a'.repeat(249))),
      ),
    ).toEqual([]);
  });
});
