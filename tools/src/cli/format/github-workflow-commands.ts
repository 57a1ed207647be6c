// GitHub Actions workflow commands (`::error file=...,line=...,col=...,title=...::message`), which
// the runner turns into annotations on the pull request's changed lines. Escaping follows the
// runner's rules: in the message, `%`, CR and LF are percent-encoded; in property values, also
// `:` and `,`, which would otherwise end the value. Without it a crafted file name or message
// could inject a second command (for example `::add-mask::` or `::stop-commands::`).
import type { Diagnostic } from '../../model/diagnostic.ts';

export function escapeCommandData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeCommandProperty(value: string): string {
  return escapeCommandData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface WorkflowCommand {
  readonly command: 'error' | 'warning' | 'notice';
  readonly properties: Readonly<Record<string, string | number | undefined>>;
  readonly message: string;
}

export function formatWorkflowCommand(c: WorkflowCommand): string {
  const props = Object.entries(c.properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeCommandProperty(String(value))}`)
    .join(',');
  return `::${c.command}${props === '' ? '' : ` ${props}`}::${escapeCommandData(c.message)}`;
}

/** One annotation per diagnostic; the hint is kept on a second line of the annotation. */
export function formatDiagnosticsGithub(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.map((d) =>
    formatWorkflowCommand({
      command: d.severity,
      properties: { file: d.file, line: d.line, col: d.column, title: d.rule },
      message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
    }),
  );
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
