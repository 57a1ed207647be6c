// The Markdown job summary (GITHUB_STEP_SUMMARY) of a validation: a verdict line and a table of
// findings. Everything taken from the repository is escaped, since a pull request controls file
// names and values that end up in messages.
import type { Diagnostic } from '../../model/diagnostic.ts';
import { countDiagnostics, formatSummaryLine } from './diagnostics-text.ts';

/** GitHub caps a step summary at 1 MiB; long lists are cut well before that. */
const maxRows = 500;

export function escapeMarkdownCell(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[`*_[\]#~]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, '<br>');
}

export function formatDiagnosticsMarkdown(
  diagnostics: readonly Diagnostic[],
  options: { readonly title: string },
): string {
  const { errors } = countDiagnostics(diagnostics);
  const verdict = errors === 0 ? 'passed' : 'failed';
  const lines = [`## ${escapeMarkdownCell(options.title)}: ${verdict}`, '', `${formatSummaryLine(diagnostics)}.`, ''];
  if (diagnostics.length > 0) {
    lines.push('| Severity | Location | Rule | Message |', '| --- | --- | --- | --- |');
    for (const d of diagnostics.slice(0, maxRows)) {
      const message =
        escapeMarkdownCell(d.message) + (d.hint === undefined ? '' : `<br>Hint: ${escapeMarkdownCell(d.hint)}`);
      lines.push(
        `| ${d.severity} | ${escapeMarkdownCell(`${d.file}:${d.line}:${d.column}`)} | ${escapeMarkdownCell(d.rule)} | ${message} |`,
      );
    }
    if (diagnostics.length > maxRows)
      lines.push(
        '',
        `… and ${diagnostics.length - maxRows} more; run \`consortium validate\` locally for the full list.`,
      );
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
