import { parseSignerSpec, runPolicyEval, runPolicyParse } from '../../commands/policy.ts';
import { FindingsError, UsageError } from '../../errors.ts';
import { describePolicyTree } from '../../fabric/policy/index.ts';
import type { PolicySyntaxError, Signer } from '../../fabric/policy/index.ts';
import type { CliCommand } from '../command.ts';
import { ExitCode } from '../exit-codes.ts';
import { stringifyDeepJson } from '../format/deep-json.ts';
import { readAll, write, type CliIo } from '../io.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import { errorJson, writeJson } from '../report-error.ts';

const usage = `Usage:
  consortium policy parse EXPR [--format text|json]
  consortium policy eval EXPR --signer MSPID.role [--signer ...] [--format text|json]

EXPR is a Fabric signature policy such as "OR('Org1MSP.admin', AND('Org2MSP.peer', 'Org3MSP.peer'))"
or an ImplicitMeta policy such as "MAJORITY Admins"; "-" reads it from standard input.

parse  prints the policy Fabric would build: JSON mirrors Fabric's SignaturePolicyEnvelope
       ({ "version", "identities": [{ "mspId", "role" }], "rule" }); text shows it for people.
eval   evaluates a signature policy with Fabric's rules against the given signers (each
       --signer is one identity, in signing order; roles admin, member, client, peer, orderer)
       and prints whether it is satisfied and which additional signers would satisfy it.

Options:
  --signer MSPID.role  a signer (eval; repeatable)
  --format FORMAT      text (default) or json
  --repo DIR           accepted for uniformity; policies do not read the repository

Exit status: 0 parsed / satisfied, 1 invalid policy / not satisfied, 2 usage error.`;

interface PolicyArgs {
  readonly sub: 'parse' | 'eval';
  readonly expression: string;
  readonly signers: readonly Signer[];
  readonly format: 'text' | 'json';
}

const options = {
  repo: { type: 'string' },
  format: { type: 'string' },
  signer: { type: 'string', multiple: true },
} as const;

function parsePolicyArgs(argv: readonly string[]): PolicyArgs & { fromStdin: boolean } {
  const parsed = parseCommandArgs(argv, options, { allowPositionals: true });
  const [sub, expression, ...extra] = parsed.positionals;
  if (sub !== 'parse' && sub !== 'eval') {
    throw new UsageError(
      sub === undefined ? 'missing subcommand: parse or eval' : `unknown subcommand "${sub}": expected parse or eval`,
    );
  }
  if (expression === undefined)
    throw new UsageError(`policy ${sub} needs an expression (or "-" to read it from standard input)`);
  if (extra.length > 0)
    throw new UsageError(`unexpected argument "${extra[0]}": quote the policy expression as one argument`);
  const format = parseFormat(parsed.values.format, ['text', 'json']);
  const specs = parsed.values.signer ?? [];
  if (sub === 'parse' && specs.length > 0) throw new UsageError('--signer applies to policy eval only');
  const signers = specs.map((spec) => {
    const signer = parseSignerSpec(spec);
    if (signer === undefined) {
      throw new UsageError(`--signer "${spec}" must be MSPID.role with role admin, member, client, peer or orderer`);
    }
    return signer;
  });
  return { sub, expression, signers, format, fromStdin: expression === '-' };
}

async function readExpression(args: { expression: string; fromStdin: boolean }, io: CliIo): Promise<string> {
  if (!args.fromStdin) return args.expression;
  // A file usually ends with a newline; it is not part of the policy.
  return (await readAll(io.stdin)).replace(/\r?\n$/, '');
}

function reportSyntaxError(error: PolicySyntaxError, expression: string, format: 'text' | 'json', io: CliIo): ExitCode {
  if (format === 'json') {
    writeJson(io, errorJson('findings', error.message, { offset: error.offset }));
    return ExitCode.findings;
  }
  throw new FindingsError(
    `invalid policy at offset ${error.offset}: ${error.message}\n${pointAt(expression, error.offset)}`,
  );
}

/** One line of the expression around the offset with a caret under it. */
function pointAt(expression: string, offset: number): string {
  const from = Math.max(0, offset - 40);
  const excerpt = expression.slice(from, offset + 40).replace(/[\r\n\t]/g, ' ');
  const prefix = from > 0 ? '…' : '';
  return `  ${prefix}${excerpt}\n  ${' '.repeat(prefix.length + offset - from)}^`;
}

export const command: CliCommand = {
  name: 'policy',
  summary: 'parse or evaluate a Fabric signature policy',
  usage,
  options: {},
  subcommands: { parse: options, eval: options },
  async run(argv, io) {
    const args = parsePolicyArgs(argv);
    const expression = await readExpression(args, io);
    if (args.sub === 'parse') {
      const outcome = runPolicyParse({ expression });
      if (!outcome.ok) return reportSyntaxError(outcome.error, expression, args.format, io);
      const { policy } = outcome;
      if (args.format === 'json') {
        write(
          io.stdout,
          // A policy may nest 4,996 gates: deeper than JSON.stringify can recurse.
          stringifyDeepJson(policy.kind === 'signature' ? policy.envelope : { implicitMeta: policy.policy }),
        );
      } else if (policy.kind === 'signature') {
        write(io.stdout, `${outcome.canonical}\n\n${describePolicyTree(policy.envelope)}`);
      } else {
        write(
          io.stdout,
          `ImplicitMeta: ${policy.policy.rule} of the child groups' ${policy.policy.subPolicy} policies`,
        );
      }
      return ExitCode.ok;
    }
    const outcome = runPolicyEval({ expression, signers: args.signers });
    if (!outcome.ok) return reportSyntaxError(outcome.error, expression, args.format, io);
    const { result } = outcome;
    if (args.format === 'json') {
      write(io.stdout, JSON.stringify(result, null, 2));
    } else {
      write(io.stdout, result.satisfied ? 'satisfied' : `not satisfied: ${result.description}`);
    }
    return result.satisfied ? ExitCode.ok : ExitCode.findings;
  },
};
