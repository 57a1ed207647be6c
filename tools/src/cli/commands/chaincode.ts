import type { CliCommand } from '../command.ts';
import { UsageError } from '../../errors.ts';
import { proposeChaincode } from '../../commands/chaincode-propose.ts';
import {
  commonOptions,
  commonUsage,
  nextSteps,
  parseCommand,
  prepareAuthoring,
  printAuthoringResult,
  requirePositionals,
  splitList,
  subcommandError,
} from './authoring-cli.ts';

const usage = `Usage:
  consortium chaincode propose CHANNEL NAME --version V --image IMAGE
        [--endorsement-policy POLICY] [--installed-on ORG,ORG,...]

Defines chaincode NAME on CHANNEL (sequence 1) or upgrades its definition (the committed sequence
+ 1), writing channels/CHANNEL/chaincodes/NAME.yaml. "Committed" is the definition at the base
revision (--base): proposing again on the same branch replaces the pending definition and keeps
committed + 1. A proposal identical to the committed definition is refused.
--endorsement-policy '' removes an explicit policy (the channel's Endorsement policy applies).
--installed-on defaults to every channel member for a new chaincode.

${commonUsage}`;

const proposeOptions = {
  ...commonOptions,
  version: { type: 'string' },
  image: { type: 'string' },
  'endorsement-policy': { type: 'string' },
  'installed-on': { type: 'string' },
} as const;

export const command: CliCommand = {
  name: 'chaincode',
  summary: 'define or upgrade a chaincode',
  usage,
  options: {},
  subcommands: { propose: proposeOptions },
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub !== 'propose') throw subcommandError(sub, ['propose']);
    const { values, positionals } = parseCommand(rest, proposeOptions);
    const [channel = '', name = ''] = requirePositionals(positionals, ['CHANNEL', 'NAME']);
    if (values.version === undefined) throw new UsageError('--version is required');
    if (values.image === undefined) throw new UsageError('--image is required');
    const installedOn = splitList(values['installed-on']);
    const { services, format, dryRun } = prepareAuthoring(values, io);
    const result = await proposeChaincode(services, {
      channel,
      name,
      version: values.version,
      image: values.image,
      dryRun,
      ...(values['endorsement-policy'] === undefined ? {} : { endorsementPolicy: values['endorsement-policy'] }),
      ...(installedOn === undefined ? {} : { installedOn }),
    });
    const plan = result.plan;
    const replaces =
      plan.replaces === undefined
        ? ''
        : ` It replaces the pending proposal ${plan.replaces.version} (sequence ${plan.replaces.sequence}).`;
    const headline =
      plan.kind === 'define'
        ? `Chaincode ${name} ${values.version} defined on channel ${channel} (sequence 1).${replaces}`
        : `Chaincode ${name} on channel ${channel}: committed ${plan.previous?.version ?? '?'} (sequence ${plan.previous?.sequence ?? '?'}) -> ${values.version} (sequence ${plan.sequence}).${replaces}`;
    return printAuthoringResult(io, result, {
      format,
      headline: plan.imageNotice === undefined ? headline : `${headline}\n${plan.imageNotice}`,
      details: {
        command: 'chaincode propose',
        channel,
        chaincode: name,
        kind: plan.kind,
        version: values.version,
        sequence: plan.sequence,
        previous: plan.previous ?? null,
        replaces: plan.replaces ?? null,
        imageNotice: plan.imageNotice ?? null,
      },
      next: nextSteps(
        `${channel}-${name}-${values.version}`,
        `${plan.kind === 'define' ? 'Define' : 'Upgrade'} chaincode ${name} ${values.version} on ${channel}`,
      ),
    });
  },
};
