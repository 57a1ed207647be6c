import { readFile } from 'node:fs/promises';
import { ExitCode } from './exit-codes.ts';
import { commandRegistry, findCommand } from './registry.ts';
import { write, type CliIo } from './io.ts';
import { UsageError } from '../errors.ts';
import { closestName } from '../model/closest-name.ts';
import { reportError, wantsJson, writeJson } from './report-error.ts';

function topUsage(): string {
  const rows = Object.values(commandRegistry).map((c) => `  ${c.synopsis.padEnd(28)}${c.summary}`);
  return `Usage: consortium <command> [options]

Commands:
${rows.join('\n')}

Every command takes --repo DIR (default: current directory) and --format text|json.
Run \`consortium help <command>\` (or \`consortium <command> --help\`) for its options,
\`consortium --version\` for the toolkit's version.`;
}

/** The composition root: the only place that reads the process environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    isTty: Boolean(process.stderr.isTTY),
    stdinIsTty: Boolean(process.stdin.isTTY),
  };
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const json = wantsJson(args);
  const [name, ...rest] = args;
  try {
    if (name === undefined || (json && name.startsWith('--format'))) {
      if (json) throw new UsageError('expected a command');
      write(io.stderr, topUsage());
      return ExitCode.usage;
    }
    if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
      write(io.stdout, topUsage());
      return ExitCode.ok;
    }
    if (name === '--version' || name === '-V' || name === 'version') {
      const version = await toolkitVersion();
      if (json) writeJson(io, { version });
      else write(io.stdout, `consortium ${version}`);
      return ExitCode.ok;
    }
    if (name === 'help') {
      const [topic = ''] = rest.filter((a) => !a.startsWith('-'));
      const { command } = await requireCommand(topic).load();
      if (json) writeJson(io, { command: command.name, usage: command.usage });
      else write(io.stdout, command.usage);
      return ExitCode.ok;
    }
    const { command } = await requireCommand(name).load();
    if (rest.includes('--help') || rest.includes('-h')) {
      if (json) writeJson(io, { command: command.name, usage: command.usage });
      else write(io.stdout, command.usage);
      return ExitCode.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, { io, debug, json, command: name !== undefined && findCommand(name) ? name : undefined });
  }
}

function requireCommand(name: string) {
  const entry = findCommand(name);
  if (entry !== undefined) return entry;
  const guess = closestName(name, Object.keys(commandRegistry));
  throw new UsageError(`unknown command "${name}"${guess === undefined ? '' : `; did you mean "${guess}"?`}`);
}

/** The version in the toolkit's package.json (read when asked, so nothing happens at import time). */
async function toolkitVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}
