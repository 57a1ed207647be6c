// Human-readable diagnostics for a terminal or a CI log:
//
//   channels/recalls/channel.yaml:12:5  error    policy "Admins" names ...  [policy-msp-ids]
//       hint: Name only MSP IDs of members of channel "recalls" ...
//
//   2 errors, 1 warning
import type { Diagnostic } from '../../model/diagnostic.ts';

export function formatLocation(d: Pick<Diagnostic, 'file' | 'line' | 'column'>): string {
  return `${d.file}:${d.line}:${d.column}`;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const d of diagnostics) if (d.severity === 'error') errors++;
  return { errors, warnings: diagnostics.length - errors };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatSummaryLine(diagnostics: readonly Diagnostic[]): string {
  const { errors, warnings } = countDiagnostics(diagnostics);
  if (errors === 0 && warnings === 0) return 'no problems found';
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

/** One line per finding (plus an indented hint line), then a summary count. */
export function formatDiagnosticsText(
  diagnostics: readonly Diagnostic[],
  options: { readonly subject?: string } = {},
): string {
  const width = Math.min(60, Math.max(0, ...diagnostics.map((d) => formatLocation(d).length)));
  const lines: string[] = [];
  for (const d of diagnostics) {
    // One line per finding even if a message carries a newline (a YAML parser's excerpt, say).
    const message = d.message.replace(/\r?\n/g, ' ');
    lines.push(`${formatLocation(d).padEnd(width)}  ${d.severity.padEnd(7)}  ${message}  [${d.rule}]`);
    if (d.hint !== undefined) lines.push(`    hint: ${d.hint.replace(/\r?\n/g, ' ')}`);
  }
  if (lines.length > 0) lines.push('');
  const summary = formatSummaryLine(diagnostics);
  lines.push(options.subject === undefined ? summary : `${options.subject}: ${summary}`);
  return `${lines.join('\n')}\n`;
}
