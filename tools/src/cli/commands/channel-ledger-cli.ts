// `consortium channel sign` and `channel verify`: argument handling, reading the admin's private
// key (only here: the composition root), writing the signature file, formatting the report.
import { createPrivateKey, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { CliIo } from '../io.ts';
import { write } from '../io.ts';
import { ExitCode } from '../exit-codes.ts';
import { parseCommandArgs, parseFormat } from '../parse-command-args.ts';
import type { CommandOptions } from '../command.ts';
import { FindingsError, UsageError } from '../../errors.ts';
import { createFilesystemReader } from '../../adapters/filesystem.ts';
import { loadRepository } from '../../model/load-repository.ts';
import { NONCE_BYTES } from '../../fabric/signature/config-signature.ts';
import { formatVerifyText, verifyChannel, verifyJson } from '../../commands/channel-verify.ts';
import { planChannelSign } from '../../commands/channel-sign.ts';
import { describeUpdatePlan, planChannelUpdate } from '../../commands/channel-update.ts';
import { buildChannelConfig } from '../../fabric/config/build-channel-config.ts';
import { ChannelConfigError } from '../../fabric/config/channel-config-error.ts';
import type { ConsortiumModel } from '../../model/types.ts';
import { defaultKeysRoot } from './org.ts';

export const verifyOptions = {
  repo: { type: 'string' },
  format: { type: 'string' },
  update: { type: 'string' },
} as const satisfies CommandOptions;

export const updateOptions = {
  repo: { type: 'string' },
  format: { type: 'string' },
} as const satisfies CommandOptions;

export const signOptions = {
  ...verifyOptions,
  org: { type: 'string' },
  'key-dir': { type: 'string' },
} as const satisfies CommandOptions;

export const ledgerSynopsis = `  consortium channel update NAME
  consortium channel sign NAME --org ORG [--update NNNN] [--key-dir DIR]
  consortium channel verify NAME [--update NNNN]`;

export const ledgerDescription = `update writes the config update(s) that take the channel's ledger config (genesis.block followed
by updates/*) to what the repository describes, as channels/NAME/updates/<NNNN>/update.pb, and
says whose signatures each needs. sign adds ORG's admin signature to an update (default: the
newest), with the admin key \`org init\` wrote to DIR/ORG/admin-key.pem (DIR defaults to
$XDG_CONFIG_HOME/consortium-gitops/keys); the key never leaves your machine, the .sig file is
public and goes into the pull request. verify checks every signature as the orderer will and
exits 0 when the update is satisfied, 1 when not.`;

function singleChannel(positionals: readonly string[]): string {
  if (positionals.length !== 1)
    throw new UsageError(`expected one channel NAME${positionals.length > 1 ? `, got ${positionals.join(' ')}` : ''}`);
  return positionals[0] as string;
}

export async function runVerify(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, verifyOptions, { allowPositionals: true });
  const channel = singleChannel(positionals);
  const format = parseFormat(values.format, ['text', 'json']);
  const reader = createFilesystemReader(resolve(io.cwd, values.repo ?? '.'));
  const { model } = await loadRepository(reader);
  const result = await verifyChannel({ reader, channel, update: values.update, now: io.now(), model });
  if (format === 'json') write(io.stdout, JSON.stringify(verifyJson(result), null, 2));
  else write(io.stdout, formatVerifyText(result));
  return result.satisfied ? ExitCode.ok : ExitCode.findings;
}

export async function runUpdate(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, updateOptions, { allowPositionals: true });
  const channel = singleChannel(positionals);
  const format = parseFormat(values.format, ['text', 'json']);
  const repoDir = resolve(io.cwd, values.repo ?? '.');
  const reader = createFilesystemReader(repoDir);
  const { model } = await loadRepository(reader);
  const plan = await planChannelUpdate({ reader, model, channel, desiredConfig: desiredChannelConfig });
  for (const folder of plan.replaced) await rm(join(repoDir, ...folder.split('/')), { recursive: true, force: true });
  for (const update of plan.updates) {
    const path = join(repoDir, ...update.file.split('/'));
    await mkdir(dirname(path), { recursive: true });
    // Never overwrite: update bytes, once written, are what members sign.
    await writeFile(path, update.bytes, { flag: 'wx' });
  }
  if (format === 'json') {
    write(
      io.stdout,
      JSON.stringify(
        {
          channel,
          replaced: plan.replaced,
          updates: plan.updates.map((u) => ({
            update: u.number,
            file: u.file,
            changes: u.changes,
            policies: u.policies.map((p) => ({
              path: p.path,
              policy: p.policy,
              missing: p.missing,
              candidates: p.candidates,
            })),
          })),
        },
        null,
        2,
      ),
    );
  } else {
    write(io.stdout, describeUpdatePlan(plan, model).join('\n'));
    if (plan.updates.length > 0)
      write(
        io.stdout,
        'Commit the update with the pull request; the admins named above sign it on their own machines.',
      );
  }
  return ExitCode.ok;
}

/** The channel config the repository describes; a model that cannot build one is a finding. */
function desiredChannelConfig(model: ConsortiumModel, channel: string) {
  try {
    return buildChannelConfig(model, channel);
  } catch (error) {
    if (error instanceof ChannelConfigError) throw new FindingsError(`channel ${channel}: ${error.message}`);
    throw error;
  }
}

export async function runSign(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommandArgs(argv, signOptions, { allowPositionals: true });
  const channel = singleChannel(positionals);
  const format = parseFormat(values.format, ['text', 'json']);
  const org = values.org;
  if (org === undefined) throw new UsageError('--org ORG is required: the organization whose admin signs');
  const repoDir = resolve(io.cwd, values.repo ?? '.');
  const keysRoot = values['key-dir'] === undefined ? defaultKeysRoot(io) : resolve(io.cwd, values['key-dir']);
  const privateKey = await readAdminKey(keysRoot, org);
  const reader = createFilesystemReader(repoDir);
  const { model } = await loadRepository(reader);
  const plan = await planChannelSign({
    reader,
    model,
    channel,
    org,
    update: values.update,
    privateKey,
    nonce: randomBytes(NONCE_BYTES),
    now: io.now(),
  });
  const path = join(repoDir, ...plan.file.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, plan.bytes, { flag: 'wx' });
  if (format === 'json') {
    write(
      io.stdout,
      JSON.stringify(
        {
          channel,
          update: plan.update,
          mspId: plan.mspId,
          file: plan.file,
          certificate: plan.certificateFile,
          verify: verifyJson(plan.verification),
        },
        null,
        2,
      ),
    );
  } else {
    write(
      io.stdout,
      `Signed update ${plan.update} of ${channel} as an admin of ${plan.mspId} (${plan.certificateFile}).\nWrote ${plan.file}: commit it with the pull request.\n`,
    );
    write(io.stdout, formatVerifyText(plan.verification));
  }
  return ExitCode.ok;
}

/** The admin key `org init` wrote: DIR/ORG/admin-key.pem, or DIR/admin-key.pem when DIR is the org's folder. */
async function readAdminKey(keysRoot: string, org: string): Promise<KeyObject> {
  const candidates = [join(keysRoot, org, 'admin-key.pem'), join(keysRoot, 'admin-key.pem')];
  for (const path of candidates) {
    let pem: string;
    try {
      pem = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    try {
      return createPrivateKey(pem);
    } catch (error) {
      throw new FindingsError(
        `${path} is not a private key: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  throw new UsageError(
    `no admin key for ${org}: looked for ${candidates.join(' and ')}; pass --key-dir DIR (the directory \`org init\` wrote the keys to)`,
  );
}
