import { resolve } from 'node:path';
import { createFilesystemReader } from '../../adapters/filesystem.ts';
import { validateRepository } from '../../commands/validate.ts';
import type { CliCommand } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatDiagnosticsText, formatSummaryLine } from '../format/diagnostics-text.ts';
import { appendStepSummary } from '../format/github-step-summary.ts';
import { formatDiagnosticsGithub } from '../format/github-workflow-commands.ts';
import { formatDiagnosticsMarkdown } from '../format/markdown-summary.ts';
import { write } from '../io.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { requireConsortiumRepository } from '../../commands/require-repository.ts';

const usage = `Usage: consortium validate [--repo DIR] [--format text|json|github]

Checks the consortium repository: YAML syntax and JSON Schemas, Fabric naming and policy rules,
cross-references, certificates, and that no private key is anywhere in it.

Options:
  --repo DIR       the repository (default: current directory)
  --format FORMAT  text (default), json ({ "ok", "diagnostics" }), or github (workflow commands
                   that annotate the pull request, plus a Markdown job summary when
                   GITHUB_STEP_SUMMARY is set)

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error.`;

type Format = 'text' | 'json' | 'github';

const options = { repo: { type: 'string' }, format: { type: 'string' } } as const;

function parseValidateArgs(argv: readonly string[]): { repo: string | undefined; format: Format } {
  const { values } = parseCommandArgs(argv, options);
  return { repo: values.repo, format: parseFormat(values.format, ['text', 'json', 'github']) };
}

export const command: CliCommand = {
  name: 'validate',
  summary: 'check the repository (schemas, Fabric rules, certificates)',
  usage,
  options,
  async run(argv, io) {
    const { repo, format } = parseValidateArgs(argv);
    const dir = resolve(io.cwd, repo ?? '.');
    await requireConsortiumRepository(dir);
    const result = await validateRepository({ reader: createFilesystemReader(dir), now: io.now() });
    const diagnostics = result.diagnostics;
    if (format === 'json') {
      write(io.stdout, `${JSON.stringify({ ok: result.ok, diagnostics }, null, 2)}\n`);
    } else if (format === 'github') {
      write(io.stdout, formatDiagnosticsGithub(diagnostics));
      write(io.stdout, `consortium validate: ${formatSummaryLine(diagnostics)}`);
      const summaryPath = io.env['GITHUB_STEP_SUMMARY'];
      try {
        await appendStepSummary({
          path: summaryPath,
          markdown: formatDiagnosticsMarkdown(diagnostics, { title: 'Consortium validation' }),
        });
      } catch (error) {
        // The annotations and the exit status carry the verdict; a summary that cannot be written must not hide it.
        const detail = error instanceof Error ? error.message : String(error);
        write(io.stderr, `consortium validate: could not append the job summary to ${summaryPath ?? ''}: ${detail}`);
      }
    } else {
      write(io.stdout, formatDiagnosticsText(diagnostics, { subject: `validated ${dir}` }));
    }
    return result.ok ? ExitCode.ok : ExitCode.findings;
  },
};
