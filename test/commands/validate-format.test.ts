import { describe, expect, it } from 'vitest';
import { formatDiagnosticsText } from '../../tools/src/cli/format/diagnostics-text.ts';
import {
  escapeCommandData,
  escapeCommandProperty,
  formatDiagnosticsGithub,
  formatWorkflowCommand,
} from '../../tools/src/cli/format/github-workflow-commands.ts';
import { escapeMarkdownCell, formatDiagnosticsMarkdown } from '../../tools/src/cli/format/markdown-summary.ts';
import type { Diagnostic } from '../../tools/src/model/diagnostic.ts';

const hostile: Diagnostic = {
  rule: 'no-private-key',
  severity: 'error',
  file: 'a,b:c%0A.yaml',
  line: 3,
  column: 7,
  message: 'line one\r\n::add-mask::secret\n| <script> 100%',
  hint: 'do this',
};

function withoutHint(d: Diagnostic): Diagnostic {
  const rest: { -readonly [K in keyof Diagnostic]?: Diagnostic[K] } = { ...d };
  delete rest.hint;
  return rest as Diagnostic;
}

describe('GitHub workflow commands', () => {
  it('percent-encodes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeCommandData('50%\r\nx:y,z')).toBe('50%25%0D%0Ax:y,z');
    expect(escapeCommandProperty('50%\r\nx:y,z')).toBe('50%25%0D%0Ax%3Ay%2Cz');
  });

  it('keeps every annotation on one line, so no second command can be injected', () => {
    const out = formatDiagnosticsGithub([hostile]);
    expect(out.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(out).toBe(
      '::error file=a%2Cb%3Ac%250A.yaml,line=3,col=7,title=no-private-key::line one%0D%0A::add-mask::secret%0A| <script> 100%25%0Ado this\n',
    );
  });

  it('leaves out undefined properties', () => {
    expect(formatWorkflowCommand({ command: 'notice', properties: { file: undefined }, message: 'hi' })).toBe(
      '::notice::hi',
    );
  });
});

describe('text format', () => {
  it('aligns locations, keeps one line per finding and counts', () => {
    const text = formatDiagnosticsText([hostile, withoutHint({ ...hostile, severity: 'warning', file: 'b.yaml' })], {
      subject: 'repo',
    });
    const lines = text.split('\n');
    expect(lines[0]).toBe('a,b:c%0A.yaml:3:7  error    line one ::add-mask::secret | <script> 100%  [no-private-key]');
    expect(lines[1]).toBe('    hint: do this');
    expect(lines[2]).toMatch(/^b\.yaml:3:7 +warning {2}/);
    expect(lines.at(-2)).toBe('repo: 1 error, 1 warning');
  });

  it('says so when there is nothing to report', () => {
    expect(formatDiagnosticsText([])).toBe('no problems found\n');
  });
});

describe('Markdown summary', () => {
  it('escapes table syntax and HTML from the repository', () => {
    expect(escapeMarkdownCell('a|b <i>x</i>\n*y*')).toBe('a\\|b &lt;i&gt;x&lt;/i&gt;<br>\\*y\\*');
    const md = formatDiagnosticsMarkdown([hostile], { title: 'Consortium validation' });
    expect(md).toContain('## Consortium validation: failed');
    const row = md.split('\n').find((l) => l.startsWith('| error'));
    expect(row?.split(' | ')).toHaveLength(4);
    expect(row).not.toContain('<script>');
  });

  it('reports a pass', () => {
    expect(formatDiagnosticsMarkdown([], { title: 'V' })).toBe('## V: passed\n\nno problems found.\n\n');
  });
});
