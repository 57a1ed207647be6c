// `chaincode propose`: define a chaincode on a channel, or upgrade its definition. Fabric commits a
// definition with sequence = committed sequence + 1 (1 for a new chaincode) and rejects anything
// else, so the sequence is computed here rather than typed by a person. A proposal that changes
// nothing would only burn a sequence number and every member's approval: it is refused.
import { stringify } from 'yaml';
import type { Chaincode, ConsortiumModel } from '../model/types.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { checkChaincodeName, checkChaincodeVersion } from './check-names.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { composeNewYaml, findChannel, openForEdit } from './model-files.ts';
import { deleteValue, printEditableYaml, setValue } from './yaml-edit.ts';

export interface ChaincodeProposeOptions {
  readonly channel: string;
  readonly name: string;
  readonly version: string;
  readonly image: string;
  /** A Fabric signature policy; '' removes an explicit policy (the channel's Endorsement applies). */
  readonly endorsementPolicy?: string;
  /** Org ids; default for a new chaincode: every channel member. */
  readonly installedOn?: readonly string[];
}

export interface ChaincodeProposePlan {
  readonly changes: FileChanges;
  readonly kind: 'define' | 'upgrade';
  readonly sequence: number;
  readonly previous: { readonly version: string; readonly sequence: number } | undefined;
}

export function planChaincodePropose(model: ConsortiumModel, options: ChaincodeProposeOptions): ChaincodeProposePlan {
  checkChaincodeName(options.name);
  checkChaincodeVersion(options.version);
  if (options.image.trim() === '')
    throw new UsageError('--image names the chaincode-as-a-service container image and cannot be empty');
  const channel = findChannel(model, options.channel);
  for (const org of options.installedOn ?? []) {
    if (!channel.members.includes(org)) {
      throw new FindingsError(
        `--installed-on ${org}: not a member of channel ${channel.name} (members: ${channel.members.join(', ')})`,
      );
    }
  }
  const existing = channel.chaincodes.find((cc) => cc.name === options.name);
  return existing === undefined ? planDefine(model, options) : planUpgrade(model, existing, options);
}

function planDefine(model: ConsortiumModel, options: ChaincodeProposeOptions): ChaincodeProposePlan {
  const channel = findChannel(model, options.channel);
  const path = `channels/${channel.name}/chaincodes/${options.name}.yaml`;
  if (model.files.some((f) => f.path === path))
    throw new FindingsError(`${path} exists but did not load as a chaincode; run \`consortium validate\``);
  const definition: Record<string, unknown> = {
    name: options.name,
    version: options.version,
    sequence: 1,
    image: options.image,
  };
  const lines = ['apiVersion: consortium.gitops/v1alpha1', 'kind: Chaincode', '', stringify(definition).trimEnd()];
  if (options.endorsementPolicy !== undefined && options.endorsementPolicy !== '') {
    lines.push(
      stringify(
        { endorsementPolicy: options.endorsementPolicy },
        { defaultStringType: 'QUOTE_DOUBLE', lineWidth: 0 },
      ).trimEnd(),
    );
  } else {
    lines.push("# No endorsementPolicy: the channel's Endorsement policy applies.");
  }
  lines.push(
    'initRequired: false',
    '',
    stringify({ installedOn: [...(options.installedOn ?? channel.members)] }).trimEnd(),
    '',
  );
  const text = composeNewYaml({
    schema: '../../../schemas/chaincode.schema.json',
    comment: [`Chaincode ${options.name} on channel ${channel.name}, run as a service from the image below.`],
    body: lines.join('\n'),
  });
  return { changes: createFileChanges([[path, text]]), kind: 'define', sequence: 1, previous: undefined };
}

function planUpgrade(
  model: ConsortiumModel,
  existing: Chaincode,
  options: ChaincodeProposeOptions,
): ChaincodeProposePlan {
  const policyChanged =
    options.endorsementPolicy !== undefined &&
    (options.endorsementPolicy === '' ? undefined : options.endorsementPolicy) !== existing.endorsementPolicy;
  const installedChanged = options.installedOn !== undefined && !sameSet(options.installedOn, existing.installedOn);
  const definitionChanged = options.version !== existing.version || options.image !== existing.image || policyChanged;
  if (!definitionChanged && !installedChanged) {
    throw new FindingsError(
      `chaincode ${existing.name} on channel ${existing.channel} is already at version ${existing.version}, sequence ${existing.sequence}, with this image` +
        `${options.endorsementPolicy === undefined ? '' : ' and endorsement policy'}; nothing to propose (change --version, --image or --endorsement-policy)`,
    );
  }
  const file = openForEdit(model, existing.source.file);
  // Where the chaincode runs is not part of Fabric's definition: changing only installedOn needs no new sequence.
  const sequence = definitionChanged ? existing.sequence + 1 : existing.sequence;
  setValue(file, ['version'], options.version);
  setValue(file, ['sequence'], sequence);
  setValue(file, ['image'], options.image);
  if (policyChanged) {
    if (options.endorsementPolicy === '') deleteValue(file, ['endorsementPolicy']);
    else setValue(file, ['endorsementPolicy'], options.endorsementPolicy);
  }
  if (installedChanged && options.installedOn !== undefined) setValue(file, ['installedOn'], [...options.installedOn]);
  return {
    changes: createFileChanges([[existing.source.file, printEditableYaml(file)]]),
    kind: 'upgrade',
    sequence,
    previous: { version: existing.version, sequence: existing.sequence },
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
