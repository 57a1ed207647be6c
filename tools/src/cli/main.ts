import { ExitCode } from './exit-codes.ts';
import { commandLoaders } from './registry.ts';
import { write, type CliIo } from './io.ts';
import { ExternalServiceError, FindingsError, InternalError, UsageError } from '../errors.ts';
import { redactSecrets } from './redact.ts';

const topUsage = `Usage: consortium <command> [options]

Commands:
  validate              check the repository (schemas, Fabric rules, certificates)
  policy parse|eval     parse or evaluate a Fabric signature policy
  approvals             which member organizations must approve a change, and whether they have
  render                write each member's Kubernetes manifests
  plan                  show what reconcile would change in each member's cluster
  reconcile             converge each member's cluster to its rendered manifests
  status                the consortium at a glance
  org init|remove       add or remove a member organization
  channel propose|add-member
  chaincode propose     define or upgrade a chaincode
  main                  the job \`npm start\` runs: validate, render and status of the repository

Every command takes --repo DIR (default: current directory) and --format text|json.
Run \`consortium <command> --help\` for its options.`;

/** The composition root: the only place that reads the process environment. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
    isTty: Boolean(process.stdout.isTTY),
  };
}

export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    write(name === undefined ? io.stderr : io.stdout, topUsage);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const load = Object.hasOwn(commandLoaders, name) ? commandLoaders[name] : undefined;
  if (load === undefined) {
    write(io.stderr, `consortium: unknown command "${name}"\n\n${topUsage}`);
    return ExitCode.usage;
  }
  try {
    const { command } = await load();
    if (rest.includes('--help') || rest.includes('-h')) {
      write(io.stdout, command.usage);
      return ExitCode.ok;
    }
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, { io, debug, command: name });
  }
}

function reportError(error: unknown, ctx: { io: CliIo; debug: boolean; command: string }): ExitCode {
  const say = (text: string) => write(ctx.io.stderr, redactSecrets(text, ctx.io.env, ctx.debug));
  if (error instanceof UsageError) {
    say(`consortium ${ctx.command}: ${error.message}\nRun \`consortium ${ctx.command} --help\` for usage.`);
    return ExitCode.usage;
  }
  if (error instanceof FindingsError) {
    say(`consortium ${ctx.command}: ${error.message}`);
    return ExitCode.findings;
  }
  if (error instanceof ExternalServiceError) {
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    const cause = ctx.debug && error.cause instanceof Error ? `\n${error.cause.stack ?? error.cause.message}` : '';
    say(`consortium ${ctx.command}: ${error.service}${status}: ${error.message}${cause}`);
    return ExitCode.findings;
  }
  const detail = error instanceof Error ? (ctx.debug ? (error.stack ?? error.message) : error.message) : String(error);
  const kind = error instanceof InternalError ? 'internal error' : 'unexpected error';
  say(
    `consortium ${ctx.command}: ${kind}: ${detail}\nThis is a bug in the toolkit; please report it` +
      (ctx.debug ? '.' : ' with the output of --debug.'),
  );
  return ExitCode.usage;
}
