import type { ConsortiumModel } from '../model/types.ts';
import type { GovernanceResult, Verdict } from './types.ts';
import { renderMermaid } from './render-mermaid.ts';

/** Hidden marker that identifies the one sticky pull-request comment the toolkit keeps updated. */
export const reportMarker = '<!-- consortium-governance-report -->';

/** GitHub limits check-run text and comment bodies to 65,535 characters. */
const maxReportChars = 60_000;
const maxDiagramOrgs = 60;

const verdictLine: Record<Verdict, string> = {
  approved: '✅ **approved**: every change has the approvals its rules require.',
  pending: '⏳ **pending**: some changes still need approvals (see "Missing").',
  rejected: '⛔ **rejected**: an admin of a deciding organization requested changes.',
  error: '❌ **error**: the change cannot be judged; nothing is approved until this is fixed.',
};

/** Title of the check run and the first line of the comment. */
export function summarizeVerdict(result: GovernanceResult): string {
  const open = result.changes.filter((c) => !c.satisfied).length;
  if (result.verdict === 'approved')
    return `Approved (${result.changes.length} change${result.changes.length === 1 ? '' : 's'})`;
  if (result.verdict === 'error')
    return `Error: ${result.errors[0] ?? 'a change maps to no governed kind'}`.slice(0, 200);
  if (result.verdict === 'rejected') return 'Rejected: changes requested by a deciding organization';
  return `Pending: ${open} of ${result.changes.length} change${result.changes.length === 1 ? '' : 's'} need approvals`;
}

/** The Markdown report for the check run and the sticky comment. */
export function renderReport(options: {
  readonly result: GovernanceResult;
  readonly base: ConsortiumModel;
  readonly head: ConsortiumModel;
  readonly baseLabel: string;
  readonly headSha: string;
  /** Members whose ingress admits other sources after this change (listed so they see it). */
  readonly exposureChanges?: readonly ExposureChange[];
}): string {
  const { result } = options;
  const out: string[] = [
    reportMarker,
    `### Consortium governance: ${result.verdict}`,
    '',
    verdictLine[result.verdict],
    '',
  ];
  out.push(
    `Judged by the rules and member registry of \`${cell(options.baseLabel)}\`, for head \`${options.headSha.slice(0, 12)}\`.`,
    '',
  );
  if (result.errors.length > 0) {
    out.push('#### Errors', '');
    for (const error of result.errors) out.push(`- ${cell(error)}`);
    out.push('');
  }
  out.push('#### Changes', '');
  if (result.changes.length === 0) out.push('_No changes._');
  else {
    out.push('| | Change | Subject | Requires | Approved by | Missing |', '|---|---|---|---|---|---|');
    for (const change of result.changes) {
      const mark = change.kind === 'error' ? '❌' : change.vetoedBy.length > 0 ? '⛔' : change.satisfied ? '✅' : '⏳';
      const approved = change.approvedBy.map((a) => `${a.mspId} (${a.admins.join(', ')})`).join('<br/>') || '—';
      const missing = [
        ...change.vetoedBy.map((v) => `changes requested by ${v.admins.join(', ')} (${v.mspId})`),
        ...change.missing,
      ];
      out.push(
        `| ${mark} | \`${change.kind}\`${change.critical ? ' (critical)' : ''} | ${cell(change.subject)}: ${cell(change.summary)} | ${cell(change.requires)} | ${cell(approved)} | ${cell(missing.join('; ')) || '—'} |`,
      );
    }
  }
  out.push('');
  const exposure = options.exposureChanges ?? [];
  if (exposure.length > 0) {
    out.push(
      '#### Exposure changes',
      '',
      'The ingress of these members admits other sources after this change; their admins should know before approving:',
      '',
    );
    for (const change of exposure) out.push(`- ${cell(describeExposure(change))}`);
    out.push('');
  }
  if (result.ignoredReviews.length > 0) {
    out.push('<details><summary>Reviews that do not count</summary>', '');
    for (const ignored of result.ignoredReviews) out.push(`- \`${cell(ignored.login)}\`: ${cell(ignored.reason)}`);
    out.push('', '</details>', '');
  }
  if (options.head.orgs.length <= maxDiagramOrgs) {
    out.push(
      '#### Consortium after this change',
      '',
      '```mermaid',
      renderMermaid({ base: options.base, head: options.head, changes: result.changes }),
      '```',
      '',
    );
  } else {
    out.push(`_Diagram omitted: ${options.head.orgs.length} organizations._`, '');
  }
  out.push(
    `<sub>Change set digest \`${result.changeSetDigest}\`: approvals carry over to a new head only while this digest is unchanged.</sub>`,
  );
  const text = out.join('\n');
  return text.length <= maxReportChars ? text : `${text.slice(0, maxReportChars)}\n\n_Report truncated._`;
}

/** A member's ingress before and after a change (render/source-range-changes.ts computes it). */
export interface ExposureChange {
  readonly org: string;
  readonly component: string;
  readonly before: readonly string[] | null;
  readonly after: readonly string[] | null;
  readonly openedBy: readonly string[];
}

export function describeExposure(change: ExposureChange): string {
  const ranges = (r: readonly string[] | null) => (r === null ? 'any source' : r.join(', '));
  const opened = change.after === null && change.openedBy.length > 0 ? `; opened by ${change.openedBy.join(', ')}` : '';
  return `${change.org}: ${change.component} ingress admits ${ranges(change.after)} (was ${ranges(change.before)})${opened}`;
}

/** Escape text for a Markdown table cell; repository content must not inject markup or mentions. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/&lt;br\/&gt;/g, '<br/>')
    .replace(/@/g, '@\u200b');
}
