import { isIPv4, isIPv6 } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import type { CliIo } from '../io.ts';
import { askMissing } from '../ask-missing.ts';
import { UsageError } from '../../errors.ts';
import type { OrgAdmin } from '../../model/types.ts';
import { initOrg } from '../../commands/org-init.ts';
import { removeOrg } from '../../commands/org-remove.ts';
import { reissueOrg } from '../../commands/org-reissue.ts';
import { runSecrets, secretsOptions, secretsUsage } from './org-secrets-cli.ts';
import {
  commonOptions,
  commonUsage,
  nextSteps,
  parseCommand,
  prepareAuthoring,
  printAuthoringResult,
  requirePositionals,
  subcommandError,
} from './authoring-cli.ts';

const usage = `Usage:
  consortium org init ID --msp-id MSPID --region REGION --domain DOMAIN --admin LOGIN:GITHUB_ID
        [--admin LOGIN:GITHUB_ID ...] [--display-name NAME] [--key-dir DIR]
        [--cluster-name NAME] [--namespace NS] [--storage-class CLASS] [--peers N]
        [--egress-cidr CIDR ...]
  consortium org remove ID
  consortium org reissue ID [--ca] [--key-dir DIR]
${secretsUsage}

init generates the org's CA, TLS CA and first admin certificate (ECDSA P-256, NodeOUs; O= is
--display-name), writes orgs/ID/org.yaml and orgs/ID/msp/, and writes the private keys and the
admin's TLS client certificate (admin-tls-cert.pem, for mutual TLS to peers and orderers) with its
key to DIR/ID/ (mode 0600), where DIR
defaults to $XDG_CONFIG_HOME/consortium-gitops/keys (~/.config/...) and must be outside the
repository. remove deletes orgs/ID/ and the org's channel memberships, anchor peers and chaincode
installedOn entries; an org that runs a Raft consenter must hand it over first.
reissue issues a new admin certificate and key under the org's CA (its key is read from DIR/ID/),
replacing every admin certificate listed, for an admin key that leaked; --ca also reissues the CA,
the TLS CA and every certificate under them, for a CA key that leaked. The old key set is kept in
DIR/ID.retired-<time>/. The pull request is one org.update of ID.
--egress-cidr (repeatable) declares the org's outbound (NAT) ranges: the other members' ingress
admits only declared ranges while every member declares some, so leave it out only knowingly.

${commonUsage}`;

const initOptions = {
  ...commonOptions,
  'msp-id': { type: 'string' },
  region: { type: 'string' },
  domain: { type: 'string' },
  'display-name': { type: 'string' },
  admin: { type: 'string', multiple: true },
  'key-dir': { type: 'string' },
  'cluster-name': { type: 'string' },
  namespace: { type: 'string' },
  'storage-class': { type: 'string' },
  peers: { type: 'string' },
  'egress-cidr': { type: 'string', multiple: true },
} as const;

const reissueOptions = {
  ...commonOptions,
  ca: { type: 'boolean' },
  'key-dir': { type: 'string' },
} as const;

export const command: CliCommand = {
  name: 'org',
  summary: "add, remove or reissue a member organization; print or apply its cluster's Secrets",
  usage,
  options: {},
  subcommands: { init: initOptions, remove: commonOptions, reissue: reissueOptions, secrets: secretsOptions },
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'init') return runInit(rest, io);
    if (sub === 'remove') {
      const { values, positionals } = parseCommand(rest, commonOptions);
      const [id = ''] = requirePositionals(positionals, ['ID']);
      const { services, format, dryRun } = prepareAuthoring(values, io);
      const result = await removeOrg(services, { id, dryRun });
      return printAuthoringResult(io, result, {
        format,
        headline: `Organization ${id} removed${result.plan.channels.length > 0 ? ` (leaves channel ${result.plan.channels.join(', ')})` : ''}.`,
        details: { command: 'org remove', org: id, channels: result.plan.channels, chaincodes: result.plan.chaincodes },
        next: nextSteps(`remove-${id}`, `Remove organization ${id}`),
      });
    }
    if (sub === 'reissue') return runReissue(rest, io);
    if (sub === 'secrets') return runSecrets(rest, io, defaultKeysRoot);
    throw subcommandError(sub, ['init', 'remove', 'reissue', 'secrets']);
  },
};

async function runReissue(argv: readonly string[], io: CliIo) {
  const { values, positionals } = parseCommand(argv, reissueOptions);
  const [id = ''] = requirePositionals(positionals, ['ID']);
  const keysRoot = values['key-dir'] === undefined ? defaultKeysRoot(io) : resolve(io.cwd, values['key-dir']);
  const { services, format, dryRun } = prepareAuthoring(values, io);
  const ca = values.ca === true;
  const result = await reissueOrg(services, { id, keysRoot, ca, dryRun });
  const plan = result.plan;
  return printAuthoringResult(io, result, {
    format,
    headline:
      `Organization ${id}: ${ca ? 'new CA, TLS CA and every certificate under them' : 'new admin certificate'}; the old admin certificates are removed.\n` +
      (result.dryRun
        ? `Private keys would be written to ${plan.keyDir}/ (mode 0600).`
        : `Private keys written to ${plan.keyDir}/ (mode 0600)${plan.retiredDir === undefined ? '' : `; the old ones moved to ${plan.retiredDir}/`}. ` +
          'Once merged, update the channels (consortium channel update) so the ledger knows the new certificates.'),
    details: {
      command: 'org reissue',
      org: id,
      ca,
      keyDir: plan.keyDir,
      keyFiles: plan.keyFiles,
      replaced: plan.replaced,
    },
    next: nextSteps(`reissue-${id}`, `Reissue ${id}'s ${ca ? 'CA and certificates' : 'admin certificate'}`),
  });
}

async function runInit(argv: readonly string[], io: CliIo) {
  const parsed = parseCommand(argv, initOptions);
  const { positionals } = parsed;
  const [id = ''] = requirePositionals(positionals, ['ID']);
  // At a terminal, ask for what the first `plan` needs and no flag gave; elsewhere flags only.
  const asked = await askMissing(
    io,
    [
      { flag: '--msp-id', prompt: 'MSP ID, e.g. NordicDistributionMSP', key: 'msp-id' },
      { flag: '--region', prompt: 'Region', key: 'region' },
      { flag: '--domain', prompt: 'DNS domain of its nodes', key: 'domain' },
      { flag: '--admin', prompt: 'First admin, LOGIN:GITHUB_ID', key: 'admin' },
      { flag: '--display-name', prompt: "Display name (the certificates' O=)", key: 'display-name' },
      { flag: '--cluster-name', prompt: 'Kubernetes cluster name (its kubeconfig context)', key: 'cluster-name' },
      { flag: '--storage-class', prompt: 'StorageClass for volumes', key: 'storage-class' },
      { flag: '--egress-cidr', prompt: 'Outbound (NAT) CIDR range', key: 'egress-cidr' },
    ].filter((q) => parsed.values[q.key as keyof typeof parsed.values] === undefined),
  );
  const values = {
    ...parsed.values,
    ...Object.fromEntries(
      [...asked].map(([flag, answer]) => {
        const key = flag.slice(2);
        return [key, key === 'admin' || key === 'egress-cidr' ? [answer] : answer];
      }),
    ),
  } as typeof parsed.values;
  const mspId = values['msp-id'];
  const region = values.region;
  const domain = values.domain;
  if (mspId === undefined || region === undefined || domain === undefined)
    throw new UsageError('--msp-id, --region and --domain are required');
  const admins = (values.admin ?? []).map(parseAdmin);
  const peers = values.peers === undefined ? undefined : Number(values.peers);
  if (peers !== undefined && (!Number.isInteger(peers) || peers < 1 || peers > 20))
    throw new UsageError('--peers must be a whole number from 1 to 20');
  const keysRoot = values['key-dir'] === undefined ? defaultKeysRoot(io) : resolve(io.cwd, values['key-dir']);
  const { services, format, dryRun } = prepareAuthoring(values, io);
  const optional = {
    ...(values['display-name'] === undefined ? {} : { displayName: values['display-name'] }),
    ...(values['cluster-name'] === undefined ? {} : { clusterName: values['cluster-name'] }),
    ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
    ...(values['storage-class'] === undefined ? {} : { storageClass: values['storage-class'] }),
    ...(peers === undefined ? {} : { peers }),
    ...(values['egress-cidr'] === undefined ? {} : { egressCidrs: values['egress-cidr'].map(checkCidr) }),
  };
  const result = await initOrg(services, { id, mspId, region, domain, admins, keysRoot, dryRun, ...optional });
  const plan = result.plan;
  return printAuthoringResult(io, result, {
    format,
    headline:
      `Organization ${id} (${mspId}, ${region}) initialised.\n` +
      (result.dryRun
        ? `Private keys would be written to ${plan.keyDir}/ (mode 0600).`
        : `Private keys written to ${plan.keyDir}/ (mode 0600): keep them out of the repository and back them up.`),
    details: { command: 'org init', org: id, mspId, keyDir: plan.keyDir, keyFiles: plan.keyFiles },
    next: nextSteps(`add-${id}`, `Add organization ${id}`),
  });
}

/** The schema's CIDR forms, checked here so a typo is a usage error before any key is generated. */
function checkCidr(value: string): string {
  const [address = '', bits, ...rest] = value.split('/');
  const ok =
    rest.length === 0 &&
    bits !== undefined &&
    /^\d{1,3}$/.test(bits) &&
    ((isIPv4(address) && Number(bits) <= 32) || (isIPv6(address) && Number(bits) <= 128));
  if (!ok)
    throw new UsageError(
      `--egress-cidr "${value}" is not a CIDR range: an address and a prefix length, e.g. 192.0.2.0/24 or 2001:db8::/48`,
    );
  return value;
}

function parseAdmin(value: string): OrgAdmin {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})):(\d{1,15})$/.exec(value);
  if (match === null)
    throw new UsageError(
      `--admin "${value}": expected LOGIN:GITHUB_ID, e.g. lena-hoffmann-acme:48213377 (the numeric id: gh api users/LOGIN --jq .id)`,
    );
  return { github: match[1] ?? '', githubId: Number(match[2]) };
}

/** The user's config home, read here because only the CLI layer reads the environment. */
export function defaultKeysRoot(io: CliIo): string {
  const xdg = io.env['XDG_CONFIG_HOME'];
  const home = io.env['HOME'] ?? io.env['USERPROFILE'];
  const configHome =
    xdg !== undefined && isAbsolute(xdg) ? xdg : home === undefined ? undefined : join(home, '.config');
  if (configHome === undefined)
    throw new UsageError(
      'cannot find your home directory (HOME is not set): pass --key-dir DIR outside the repository',
    );
  return join(configHome, 'consortium-gitops', 'keys');
}
