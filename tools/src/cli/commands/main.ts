// `consortium main` (what `npm start` runs): the job a member or an operator runs on the
// repository — validate it, render every member's manifests, and show the consortium at a glance —
// as one readable report. It composes the validate, render and status commands; it adds no logic.
import { relative, resolve } from 'node:path';
import { createFilesystemReader } from '../../adapters/filesystem.ts';
import { createOutputDirectory, writeRenderedModel, type RenderCommandResult } from '../../commands/render.ts';
import { summarizeStatus } from '../../commands/status.ts';
import { validateRepository } from '../../commands/validate.ts';
import { FindingsError } from '../../errors.ts';
import type { CliCommand } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { formatDiagnosticsText } from '../format/diagnostics-text.ts';
import { write } from '../io.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { requireConsortiumRepository } from '../../commands/require-repository.ts';
import { formatStatusText } from './status.ts';

const usage = `Usage: consortium main [--repo DIR] [--out DIR] [--format text|json]

Validates the repository, renders every member's Kubernetes manifests into --out (default: out/
inside the repository) and prints the consortium at a glance. This is what \`npm start\` runs.

Exit status: 0 when the repository validates and renders, 1 otherwise, 2 usage error.`;

const options = { repo: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } } as const;

function parseMainArgs(argv: readonly string[]): { repo: string; out: string | undefined; format: 'text' | 'json' } {
  const { values } = parseCommandArgs(argv, options);
  return { repo: values.repo ?? '.', out: values.out, format: parseFormat(values.format, ['text', 'json']) };
}

function formatRender(result: RenderCommandResult, cwd: string): string {
  const lines = [`Rendered manifests into ${relative(cwd, result.outDir) || '.'}/:`];
  for (const member of result.members) {
    const kinds = Object.entries(member.kinds)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    lines.push(`  ${member.org.padEnd(16)} ${String(member.objects).padStart(4)} objects (${kinds})`);
  }
  lines.push('Apply one with `kubectl apply -k <dir>`, or let `consortium reconcile` converge the cluster.');
  return lines.join('\n');
}

export const command: CliCommand = {
  name: 'main',
  summary: 'validate, render and summarize the repository',
  usage,
  options,
  async run(argv, io) {
    const options = parseMainArgs(argv);
    const repoDir = resolve(io.cwd, options.repo);
    const outDir = resolve(repoDir, options.out ?? 'out');
    await requireConsortiumRepository(repoDir);
    await createOutputDirectory(outDir);
    const reader = createFilesystemReader(repoDir);
    const now = io.now();

    const validation = await validateRepository({ reader, now });
    const status = summarizeStatus({ model: validation.model, now });
    let rendered: RenderCommandResult | undefined;
    let renderError: string | undefined;
    if (validation.ok) {
      try {
        // Already validated above: render the same model rather than loading it a second time.
        rendered = await writeRenderedModel({ model: validation.model, outDir });
      } catch (error) {
        if (!(error instanceof FindingsError)) throw error;
        renderError = error.message;
      }
    }

    if (options.format === 'json') {
      write(
        io.stdout,
        JSON.stringify(
          {
            ok: validation.ok && renderError === undefined,
            validation: { ok: validation.ok, diagnostics: validation.diagnostics },
            render: rendered ?? null,
            renderError: renderError ?? null,
            status,
          },
          null,
          2,
        ),
      );
    } else {
      write(io.stdout, '== Validation');
      write(io.stdout, formatDiagnosticsText(validation.diagnostics, { subject: `validated ${repoDir}` }));
      write(io.stdout, '\n== Render');
      if (rendered !== undefined) write(io.stdout, formatRender(rendered, io.cwd));
      else write(io.stdout, renderError ?? 'Skipped: the repository has validation errors; fix them and run again.');
      write(io.stdout, '\n== Consortium');
      write(io.stdout, formatStatusText(status, 0));
    }
    return validation.ok && renderError === undefined ? ExitCode.ok : ExitCode.findings;
  },
};
