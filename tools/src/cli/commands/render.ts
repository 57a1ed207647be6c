import { resolve } from 'node:path';
import { createFilesystemReader } from '../../adapters/filesystem.ts';
import { createOutputDirectory, renderRepository } from '../../commands/render.ts';
import { UsageError } from '../../errors.ts';
import type { CliCommand } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { write } from '../io.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { requireConsortiumRepository } from '../../commands/require-repository.ts';

const usage = `Usage: consortium render --out DIR [--org ID]... [--configtx DIR] [--repo DIR] [--format text|json]

Writes each member organization's Kubernetes manifests to DIR/<org-id>/: one file per object and
a kustomization.yaml, ready for \`kubectl apply -k\`, Argo CD or Flux. The repository must validate
first. Output is byte-identical for identical input. A persistent volume that would shrink against
the existing output is refused. With --org, only what those members render and reference is read
and checked (docs/render.md, "Member-scoped render"); the repository-wide rules are those of
\`consortium validate\`, which the pull-request check runs.

Options:
  --out DIR        output directory (required)
  --org ID         render only this member (repeatable); default: every member, and directories
                   of members no longer in the repository are removed
  --configtx DIR   also write each channel's configtxgen input (configtx.yaml and the public MSP
                   folders it points at) to DIR/<channel>/, once per channel, not per member
  --repo DIR       the repository (default: current directory)
  --format FORMAT  text (default) or json ({ "outDir", "members": [{ "org", "directory",
                   "objects", "kinds", "files" }], "removed", "configtx"?: { "directory",
                   "channels" } })

Exit status: 0 rendered, 1 validation errors or a refused change, 2 usage error.`;

interface RenderArgs {
  readonly repo: string | undefined;
  readonly out: string;
  readonly orgs: readonly string[] | undefined;
  readonly configtx: string | undefined;
  readonly format: 'text' | 'json';
}

const options = {
  repo: { type: 'string' },
  out: { type: 'string' },
  org: { type: 'string', multiple: true },
  configtx: { type: 'string' },
  format: { type: 'string' },
} as const;

function parseRenderArgs(argv: readonly string[]): RenderArgs {
  const { values } = parseCommandArgs(argv, options);
  const format = parseFormat(values.format, ['text', 'json']);
  if (values.out === undefined || values.out === '') throw new UsageError('--out DIR is required');
  if (values.configtx === '') throw new UsageError('--configtx needs a directory');
  return { repo: values.repo, out: values.out, orgs: values.org, configtx: values.configtx, format };
}

export const command: CliCommand = {
  name: 'render',
  summary: "write each member's Kubernetes manifests",
  usage,
  options,
  async run(argv, io) {
    const args = parseRenderArgs(argv);
    const repo = resolve(io.cwd, args.repo ?? '.');
    await requireConsortiumRepository(repo);
    const outDir = resolve(io.cwd, args.out);
    await createOutputDirectory(outDir);
    const configtxDir = args.configtx === undefined ? undefined : resolve(io.cwd, args.configtx);
    if (configtxDir !== undefined) await createOutputDirectory(configtxDir, '--configtx');
    const result = await renderRepository({
      reader: createFilesystemReader(repo),
      outDir,
      ...(args.orgs === undefined ? {} : { orgs: args.orgs }),
      ...(configtxDir === undefined ? {} : { configtxDir }),
      now: io.now(),
    });
    if (args.format === 'json') {
      write(io.stdout, `${JSON.stringify(result, null, 2)}\n`);
    } else {
      for (const member of result.members)
        write(io.stdout, `rendered ${member.org}: ${member.objects} objects in ${member.directory}`);
      for (const dir of result.removed) write(io.stdout, `removed ${dir} (no longer a member)`);
      if (result.configtx !== undefined)
        write(
          io.stdout,
          `wrote configtx.yaml of ${result.configtx.channels.length} channels in ${result.configtx.directory}`,
        );
    }
    return ExitCode.ok;
  },
};
