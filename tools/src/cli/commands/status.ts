import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { requireConsortiumRepository } from '../../commands/require-repository.ts';
import { write } from '../io.ts';
import { ExitCode } from '../exit-codes.ts';
import { FindingsError, UsageError } from '../../errors.ts';
import { createFilesystemReader } from '../../adapters/filesystem.ts';
import { loadRepository } from '../../model/load-repository.ts';
import { summarizeStatus, type StatusReport } from '../../commands/status.ts';
import { renderStatusMermaid } from '../../commands/status-mermaid.ts';

const usage = `Usage: consortium status [--repo DIR] [--format text|json|mermaid] [--expiry-days N]

The consortium at a glance: members (MSP ID, region, peers, orderers), channels and their members,
chaincodes with version and sequence, and certificates that expire within N days (default 30).
--format mermaid prints a Mermaid flowchart for a README or pull-request comment.

Exit status: 0 summarized, 1 some files did not load (the summary leaves them out and names
them), 2 usage error.`;

const options = {
  repo: { type: 'string' },
  format: { type: 'string' },
  'expiry-days': { type: 'string' },
} as const;

export const command: CliCommand = {
  name: 'status',
  summary: 'the consortium at a glance',
  usage,
  options,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, options);
    const format = parseFormat(values.format, ['text', 'json', 'mermaid']);
    const days = values['expiry-days'] === undefined ? 30 : Number(values['expiry-days']);
    if (!Number.isInteger(days) || days < 0)
      throw new UsageError(`--expiry-days must be a whole number of days (got "${values['expiry-days']}")`);
    const repoDir = resolve(io.cwd, values.repo ?? '.');
    await requireConsortiumRepository(repoDir);
    const { model, diagnostics } = await loadRepository(createFilesystemReader(repoDir));
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const listed = errors
      .slice(0, 5)
      .map((d) => `  ${d.file}:${d.line}: ${d.message} [${d.rule}]`)
      .concat(errors.length > 5 ? [`  ... and ${errors.length - 5} more`] : []);
    // Nothing loaded at all: an empty summary would only hide the reason.
    if (model.consortium === undefined && model.orgs.length === 0 && model.channels.length === 0)
      throw new FindingsError(
        `${repoDir} holds no consortium to summarize:\n${listed.join('\n')}\nRun it at the root of a consortium repository or pass --repo DIR.`,
      );
    const report = summarizeStatus({ model, now: io.now(), expiryWindowDays: days });
    const loadErrors = errors.length;
    if (format === 'json') write(io.stdout, `${JSON.stringify({ ...report, loadErrors }, null, 2)}`);
    else if (format === 'mermaid') write(io.stdout, renderStatusMermaid(report));
    else write(io.stdout, formatStatusText(report, loadErrors));
    if (loadErrors === 0) return ExitCode.ok;
    // A partial summary must not pass for a whole one in scripts: name what was left out, exit 1.
    write(
      io.stderr,
      `consortium status: the summary leaves out what did not load (${loadErrors} error(s)):\n${listed.join('\n')}\nRun \`consortium validate\` for details.`,
    );
    return ExitCode.findings;
  },
};

export function formatStatusText(report: StatusReport, loadErrors: number): string {
  const lines: string[] = [];
  const c = report.consortium;
  lines.push(
    c === undefined
      ? 'Consortium: (consortium/consortium.yaml did not load)'
      : `${c.displayName} (${c.name}), Fabric ${c.fabricVersion}`,
  );
  lines.push('', `Members (${report.members.length}):`);
  for (const m of report.members) {
    const orderers = m.orderers.map((o) => (m.consenters.includes(o) ? `${o} (consenter)` : o));
    lines.push(
      `  ${m.id.padEnd(16)} ${m.mspId.padEnd(24)} ${m.region.padEnd(14)} peers: ${m.peers.join(', ') || '-'}; orderers: ${orderers.join(', ') || '-'}`,
    );
  }
  lines.push('', `Channels (${report.channels.length}):`);
  for (const ch of report.channels) {
    lines.push(`  ${ch.name}: ${ch.members.join(', ')}`);
    for (const cc of ch.chaincodes)
      lines.push(`    chaincode ${cc.name} ${cc.version} (sequence ${cc.sequence}) on ${cc.installedOn.join(', ')}`);
  }
  lines.push('', `Certificates expiring within ${report.expiryWindowDays} days:`);
  if (report.expiringCertificates.length === 0) lines.push('  none');
  for (const cert of report.expiringCertificates) {
    const when = cert.expired ? `EXPIRED ${cert.notAfter}` : `${cert.notAfter} (${cert.daysLeft} days)`;
    lines.push(`  ${cert.file}: ${cert.subject}: ${when}`);
  }
  for (const file of report.unreadableCertificates) lines.push(`  ${file}: not readable as an X.509 certificate`);
  if (loadErrors > 0)
    lines.push('', `${loadErrors} error(s) while loading: this summary is incomplete; run \`consortium validate\`.`);
  return `${lines.join('\n')}\n`;
}
