import type { CliCommand } from '../command.ts';
import { UsageError } from '../../errors.ts';
import { proposeChannel } from '../../commands/channel-propose.ts';
import { addChannelMember } from '../../commands/channel-add-member.ts';
import {
  ledgerDescription,
  ledgerSynopsis,
  runSign,
  runUpdate,
  runVerify,
  signOptions,
  updateOptions,
  verifyOptions,
} from './channel-ledger-cli.ts';
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
  consortium channel propose NAME --members ORG,ORG,... [--description TEXT]
  consortium channel add-member NAME ORG
${ledgerSynopsis}

propose writes channels/NAME/channel.yaml (Fabric's default policies, one anchor peer per member);
add-member adds ORG to the channel's members and its first peer to the anchor peers. Both validate
the result and print the approvals the change will need before you open a pull request.

${ledgerDescription}

${commonUsage}`;

const proposeOptions = {
  ...commonOptions,
  members: { type: 'string' },
  description: { type: 'string' },
} as const;

export const command: CliCommand = {
  name: 'channel',
  summary: 'propose a channel or add a member to one',
  usage,
  options: {},
  subcommands: {
    propose: proposeOptions,
    'add-member': commonOptions,
    update: updateOptions,
    sign: signOptions,
    verify: verifyOptions,
  },
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'propose') {
      const { values, positionals } = parseCommand(rest, proposeOptions);
      const [name = ''] = requirePositionals(positionals, ['NAME']);
      const members = splitList(values.members);
      if (members === undefined) throw new UsageError('--members ORG,ORG,... is required');
      const { services, format, dryRun } = prepareAuthoring(values, io);
      const result = await proposeChannel(services, {
        name,
        members,
        dryRun,
        ...(values.description === undefined ? {} : { description: values.description }),
      });
      return printAuthoringResult(io, result, {
        format,
        headline: `Channel ${name} proposed with members ${members.join(', ')}.`,
        details: { command: 'channel propose', channel: name, members },
        next: nextSteps(`channel-${name}`, `Propose channel ${name}`),
      });
    }
    if (sub === 'add-member') {
      const { values, positionals } = parseCommand(rest, commonOptions);
      const [name = '', org = ''] = requirePositionals(positionals, ['NAME', 'ORG']);
      const { services, format, dryRun } = prepareAuthoring(values, io);
      const result = await addChannelMember(services, { channel: name, org, dryRun });
      return printAuthoringResult(io, result, {
        format,
        headline: `${org} added to channel ${name}${result.plan.anchorPeer === undefined ? '' : ` (anchor peer ${result.plan.anchorPeer})`}.`,
        details: { command: 'channel add-member', channel: name, org, anchorPeer: result.plan.anchorPeer ?? null },
        next: nextSteps(`${name}-add-${org}`, `Add ${org} to channel ${name}`),
      });
    }
    if (sub === 'update') return runUpdate(rest, io);
    if (sub === 'sign') return runSign(rest, io);
    if (sub === 'verify') return runVerify(rest, io);
    throw subcommandError(sub, ['propose', 'add-member', 'update', 'sign', 'verify']);
  },
};
