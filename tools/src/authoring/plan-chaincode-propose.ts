// `chaincode propose`: define a chaincode on a channel, or upgrade its definition. Fabric commits a
// definition with sequence = committed sequence + 1 (1 for a new chaincode) and rejects anything
// else, so the sequence is computed here rather than typed by a person. "Committed" is the base
// revision the pull request will merge into, not the working tree: proposing twice on one branch
// replaces the pending definition, still at committed + 1. A proposal identical to the committed
// definition would only burn a sequence number and every member's approval: it is refused.
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { chaincodeServerName } from '../model/resource-names.ts';
import { classifyImagePin, howToPinImage } from '../model/image-pin.ts';
import type { Chaincode, ConsortiumModel } from '../model/types.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { checkChaincodeName, checkChaincodeVersion } from './check-names.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { composeNewYaml, findChannel, openForEdit } from './model-files.ts';
import { commentKey, deleteValue, printEditableYaml, readValue, setValue } from './yaml-edit.ts';

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
  /** The committed definition (at the base revision) this one follows; undefined for a new chaincode. */
  readonly previous: { readonly version: string; readonly sequence: number } | undefined;
  /** A definition proposed earlier on this branch (in the working tree) that this one replaces. */
  readonly replaces: { readonly version: string; readonly sequence: number } | undefined;
  /** Why --image should name a digest, when it names a tag; undefined when it is pinned. */
  readonly imageNotice: string | undefined;
}

/**
 * `model` is the working tree (the files to edit, the channel as the branch has it); `committed` is
 * the base revision, whose definition the sequence follows. Without a base (not a Git repository)
 * both are the working tree.
 */
export function planChaincodePropose(
  model: ConsortiumModel,
  options: ChaincodeProposeOptions,
  committed: ConsortiumModel = model,
): ChaincodeProposePlan {
  checkChaincodeName(options.name);
  checkChaincodeVersion(options.version);
  if (options.image.trim() === '')
    throw new UsageError('--image names the chaincode-as-a-service container image and cannot be empty');
  const plan = planProposal(model, options, committed);
  return { ...plan, imageNotice: imageNoticeFor(options.image) };
}

/**
 * A tag is explained, never resolved: looking it up would need registry credentials and network
 * access here, and the digest must be what the proposer reviewed, not what a registry answers now.
 */
function imageNoticeFor(image: string): string | undefined {
  if (classifyImagePin(image).kind !== 'tag') return undefined;
  return (
    `--image ${image} names a tag, not a digest: the registry can serve other code under it after the ` +
    `members approved this definition, and the tag was not looked up in any registry. ${howToPinImage(image)}`
  );
}

function planProposal(
  model: ConsortiumModel,
  options: ChaincodeProposeOptions,
  committed: ConsortiumModel,
): Omit<ChaincodeProposePlan, 'imageNotice'> {
  const channel = findChannel(model, options.channel);
  for (const org of options.installedOn ?? []) {
    if (!channel.members.includes(org)) {
      throw new FindingsError(
        `--installed-on ${org}: not a member of channel ${channel.name} (members: ${channel.members.join(', ')})`,
      );
    }
  }
  const pending = channel.chaincodes.find((cc) => cc.name === options.name);
  const atBase = committed.channels
    .find((c) => c.name === channel.name)
    ?.chaincodes.find((cc) => cc.name === options.name);
  if (atBase === undefined) {
    return pending === undefined ? planDefine(model, options) : planEdit(model, { base: undefined, pending }, options);
  }
  if (pending === undefined) {
    throw new FindingsError(
      `chaincode ${options.name} is committed on channel ${channel.name} (version ${atBase.version}, sequence ${atBase.sequence}) ` +
        `but ${atBase.source.file} is missing from the working tree; restore it before proposing a new definition`,
    );
  }
  return planEdit(model, { base: atBase, pending }, options);
}

function planDefine(
  model: ConsortiumModel,
  options: ChaincodeProposeOptions,
): Omit<ChaincodeProposePlan, 'imageNotice'> {
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
  return {
    changes: createFileChanges([[path, text]]),
    kind: 'define',
    sequence: 1,
    previous: undefined,
    replaces: undefined,
  };
}

/** The definition a proposal asks for: flags given, else what the working tree's file says. */
interface Definition {
  readonly version: string;
  readonly image: string;
  readonly endorsementPolicy: string | undefined;
  readonly installedOn: readonly string[];
}

/**
 * Edits the chaincode's file in the working tree. With a committed definition (`base`) this is an
 * upgrade to base.sequence + 1; without one, the chaincode is new on this branch and stays at 1.
 */
function planEdit(
  model: ConsortiumModel,
  defs: { base: Chaincode | undefined; pending: Chaincode },
  options: ChaincodeProposeOptions,
): Omit<ChaincodeProposePlan, 'imageNotice'> {
  const { base, pending } = defs;
  const wanted: Definition = {
    version: options.version,
    image: options.image,
    endorsementPolicy:
      options.endorsementPolicy === undefined
        ? pending.endorsementPolicy
        : options.endorsementPolicy === ''
          ? undefined
          : options.endorsementPolicy,
    installedOn: options.installedOn ?? pending.installedOn,
  };
  const definitionChanged = base === undefined || differsInDefinition(wanted, base);
  if (base !== undefined && !definitionChanged && sameSet(wanted.installedOn, base.installedOn)) {
    const pendingDiffers = differsInDefinition(pending, base) || pending.sequence !== base.sequence;
    throw new FindingsError(
      `chaincode ${base.name} on channel ${base.channel} is already at version ${base.version}, sequence ${base.sequence}, with this image` +
        `${options.endorsementPolicy === undefined ? '' : ' and endorsement policy'}; nothing to propose (change --version, --image or --endorsement-policy)` +
        (pendingDiffers
          ? `. The working tree proposes version ${pending.version}, sequence ${pending.sequence}: to drop that proposal, restore ${pending.source.file} from the base revision`
          : ''),
    );
  }
  // Where the chaincode runs is not part of Fabric's definition: changing only installedOn needs no new sequence.
  const sequence = base === undefined ? 1 : definitionChanged ? base.sequence + 1 : base.sequence;
  const policyEdited = wanted.endorsementPolicy !== pending.endorsementPolicy;
  const installedEdited = !sameSet(wanted.installedOn, pending.installedOn);
  if (!differsInDefinition(wanted, pending) && !installedEdited && sequence === pending.sequence) {
    throw new FindingsError(
      `${pending.source.file} already proposes version ${pending.version}, sequence ${pending.sequence}, with this image` +
        `${options.endorsementPolicy === undefined ? '' : ' and endorsement policy'}; nothing to change`,
    );
  }
  const file = openForEdit(model, pending.source.file);
  setValue(file, ['version'], wanted.version);
  setValue(file, ['sequence'], sequence);
  setValue(file, ['image'], wanted.image);
  if (policyEdited) {
    if (wanted.endorsementPolicy === undefined) deleteValue(file, ['endorsementPolicy']);
    else setValue(file, ['endorsementPolicy'], wanted.endorsementPolicy);
  }
  if (installedEdited) setValue(file, ['installedOn'], [...wanted.installedOn]);
  const previous = previousServer(base, wanted.version);
  if (previous === undefined) deleteValue(file, ['previous']);
  else if (!isDeepStrictEqual(readValue(file, ['previous']), previous)) {
    setValue(file, ['previous'], previous);
    commentKey(
      file,
      'previous',
      ' The committed version: its server keeps running beside the new one until this sequence is\n' +
        ' committed. Remove previous once it is (reconcile then prunes the old server).',
    );
  }
  const replaced = base === undefined || differsInDefinition(pending, base) || pending.sequence !== base.sequence;
  return {
    changes: createFileChanges([[pending.source.file, printEditableYaml(file)]]),
    kind: base === undefined ? 'define' : 'upgrade',
    sequence,
    previous: base === undefined ? undefined : { version: base.version, sequence: base.sequence },
    replaces: replaced ? { version: pending.version, sequence: pending.sequence } : undefined,
  };
}

/**
 * An upgrade to another version keeps the committed version's chaincode server running (its
 * Deployment and Service are named per version) until the new sequence is committed: the peers
 * dial the committed definition's package until then. The same version needs no second server.
 */
function previousServer(
  base: Chaincode | undefined,
  version: string,
): { readonly version: string; readonly image: string } | undefined {
  if (base === undefined || chaincodeServerName(base) === chaincodeServerName({ ...base, version })) return undefined;
  return { version: base.version, image: base.image };
}

function differsInDefinition(a: Omit<Definition, 'installedOn'>, b: Omit<Definition, 'installedOn'>): boolean {
  return a.version !== b.version || a.image !== b.image || a.endorsementPolicy !== b.endorsementPolicy;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
