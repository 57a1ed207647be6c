import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { UsageError } from '../../errors.ts';
import { proposeChannel } from '../../commands/channel-propose.ts';
import { addChannelMember } from '../../commands/channel-add-member.ts';
import { importChannel } from '../../commands/channel-import.ts';
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
  consortium channel propose NAME
  consortium channel add-member NAME ORG
  consortium channel import NAME --block FILE
${ledgerSynopsis}

propose writes channels/NAME/channel.yaml (Fabric's default policies, one anchor peer per member)
and the channel's block 0, channels/NAME/genesis.block, built from it; without --members, for a
channel channel.yaml already describes but that has no block 0 yet, it writes only genesis.block.
add-member adds ORG to the channel's members and its first peer to the anchor peers. import adopts
a channel that already runs: FILE is its config block (\`peer channel fetch config\`, or \`fetch 0\`
for block 0), committed unchanged as genesis.block. All validate the result and print the
approvals the change will need before you open a pull request.

${ledgerDescription}

${commonUsage}`;

const proposeOptions = {
  ...commonOptions,
  members: { type: 'string' },
  description: { type: 'string' },
} as const;

const importOptions = { ...commonOptions, block: { type: 'string' } } as const;

export const command: CliCommand = {
  name: 'channel',
  summary: 'propose a channel or add a member to one',
  usage,
  options: {},
  subcommands: {
    propose: proposeOptions,
    'add-member': commonOptions,
    update: updateOptions,
    import: importOptions,
    sign: signOptions,
    verify: verifyOptions,
  },
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'propose') {
      const { values, positionals } = parseCommand(rest, proposeOptions);
      const [name = ''] = requirePositionals(positionals, ['NAME']);
      const members = splitList(values.members) ?? [];
      const { services, format, dryRun } = prepareAuthoring(values, io);
      const result = await proposeChannel(services, {
        name,
        members,
        dryRun,
        ...(values.description === undefined ? {} : { description: values.description }),
      });
      return printAuthoringResult(io, result, {
        format,
        headline:
          members.length === 0
            ? `Block 0 of channel ${name} written (channels/${name}/genesis.block).`
            : `Channel ${name} proposed with members ${members.join(', ')}, with its block 0.`,
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
    if (sub === 'import') {
      const { values, positionals } = parseCommand(rest, importOptions);
      const [name = ''] = requirePositionals(positionals, ['NAME']);
      if (values.block === undefined) throw new UsageError("--block FILE is required: the channel's config block");
      const blockFile = resolve(io.cwd, values.block);
      let block: Uint8Array;
      try {
        block = new Uint8Array(await readFile(blockFile));
      } catch (error) {
        throw new UsageError(`--block ${values.block}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { services, format, dryRun } = prepareAuthoring(values, io);
      const result = await importChannel(services, { channel: name, block, blockFile: values.block, dryRun });
      const { blockNumber } = result.plan;
      return printAuthoringResult(io, result, {
        format,
        headline:
          blockNumber === 0
            ? `Channel ${name} adopted from its block 0.`
            : `Channel ${name} adopted from its config block ${blockNumber}: its ledger config starts there; peers that join later need block 0 (see docs/design.md).`,
        details: { command: 'channel import', channel: name, blockNumber },
        next: nextSteps(`${name}-import`, `Adopt running channel ${name}`),
      });
    }
    throw subcommandError(sub, ['propose', 'add-member', 'import', 'update', 'sign', 'verify']);
  },
};
