import { describe, expect, it } from 'vitest';
import { renderMermaid } from '../../tools/src/governance/render-mermaid.ts';
import { renderReport, reportMarker, summarizeVerdict } from '../../tools/src/governance/render-report.ts';
import type { ChangeResult, GovernanceResult } from '../../tools/src/governance/types.ts';
import { buildModel } from '../support/model-builder.ts';

const change = (over: Partial<ChangeResult>): ChangeResult => ({
  kind: 'org.update',
  subject: 'org2',
  summary: 'updates Org2MSP (peers)',
  requires: "OR('Org2MSP.admin')",
  satisfied: false,
  critical: false,
  approvedBy: [],
  missing: ['needs 1 more of: Org2MSP'],
  vetoedBy: [],
  ...over,
});

const result = (changes: ChangeResult[], over: Partial<GovernanceResult> = {}): GovernanceResult => ({
  verdict: 'pending',
  changes,
  errors: [],
  ignoredReviews: [],
  changeSetDigest: 'd'.repeat(32),
  ...over,
});

describe('Markdown report', () => {
  const base = buildModel();
  const head = buildModel({}, (m) => {
    m.orgs[1]!.displayName = 'Renamed';
  });

  it('starts with the hidden marker and says what is missing per change', () => {
    const text = renderReport({ result: result([change({})]), base, head, baseLabel: 'main', headSha: 'f'.repeat(40) });
    expect(text.startsWith(`${reportMarker}\n### Consortium governance: pending`)).toBe(true);
    expect(text).toContain(
      "| ⏳ | `org.update` | org2: updates Org2MSP (peers) | OR('Org2MSP.admin') | — | needs 1 more of: Org2MSP |",
    );
    expect(text).toContain('```mermaid\nflowchart LR');
  });

  it('cannot be broken or used to mention people by repository content', () => {
    const text = renderReport({
      result: result([change({ summary: 'evil | cell\n@everyone <img src=x>' })], {
        ignoredReviews: [{ login: 'mallory', reason: 'not an admin' }],
      }),
      base,
      head,
      baseLabel: 'main',
      headSha: 'f'.repeat(40),
    });
    expect(text).toContain('evil \\| cell @\u200beveryone &lt;img src=x&gt;');
    expect(text).toContain('- `mallory`: not an admin');
  });

  it('titles the check run with the verdict', () => {
    expect(summarizeVerdict(result([change({})]))).toBe('Pending: 1 of 1 change need approvals');
    expect(summarizeVerdict(result([], { verdict: 'error', errors: ['head does not validate'] }))).toBe(
      'Error: head does not validate',
    );
  });
});

describe('Mermaid diagram', () => {
  it('highlights changed orgs, channels and chaincodes, and marks removed orgs', () => {
    const base = buildModel();
    const head = buildModel({}, (m) => {
      m.orgs.pop();
    });
    const text = renderMermaid({
      base,
      head,
      changes: [
        change({ kind: 'org.remove', subject: 'org3' }),
        change({ kind: 'channel.policy.update', subject: base.channels[0]!.name, channel: base.channels[0]!.name }),
      ],
    });
    expect(text).toMatch(/^flowchart LR\n {2}o1\["Org1MSP<br\/>org1"\]/);
    expect(text).toMatch(/class c1 changed/);
    expect(text).toMatch(/class o3 removed/);
  });

  it('escapes names so they cannot inject Mermaid syntax', () => {
    const base = buildModel({}, (m) => {
      m.orgs[0]!.mspId = 'Org1MSP"]; click o1 "javascript:alert(1)';
    });
    const text = renderMermaid({ base, head: base, changes: [] });
    expect(text).not.toContain('"]; click');
    expect(text).toContain('#34;');
  });
});
