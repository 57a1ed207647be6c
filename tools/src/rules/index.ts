// The semantic rules `consortium validate` runs after the loader (which reports schema and
// syntax problems), in a fixed order. Each rule is a small pure function of the RuleContext.
import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { checkAdminCertificateChain } from './admin-certificate-chain.ts';
import { checkAnchorPeerExists } from './anchor-peer-exists.ts';
import { checkAnchorPeerMember } from './anchor-peer-member.ts';
import { checkAnchorPeerPerMember } from './anchor-peer-per-member.ts';
import { checkCertificateCa } from './certificate-ca.ts';
import { checkCertificateExpiry } from './certificate-expiry.ts';
import { checkCertificateParse } from './certificate-parse.ts';
import { checkChaincodeImageDigest } from './chaincode-image-digest.ts';
import { checkChaincodeIndexes } from './chaincode-indexes.ts';
import { checkChaincodeInit } from './chaincode-init.ts';
import { checkChaincodeName } from './chaincode-name.ts';
import { checkChaincodePrevious } from './chaincode-previous.ts';
import { checkChaincodeSequence } from './chaincode-sequence.ts';
import { checkChaincodeVersion } from './chaincode-version.ts';
import { checkChannelMemberExists } from './channel-member-exists.ts';
import { checkChannelName } from './channel-name.ts';
import { checkCollectionConfig } from './collection-config.ts';
import { checkConsenterExists } from './consenter-exists.ts';
import { checkEndorsementPolicyReference } from './endorsement-policy-reference.ts';
import { checkEtcdraftConsenters } from './etcdraft-consenters.ts';
import { checkGenesisBlock } from './genesis-block.ts';
import { checkInstalledOnExists } from './installed-on-exists.ts';
import { checkInstalledOnMember } from './installed-on-member.ts';
import { checkKubernetesName } from './kubernetes-name.ts';
import { checkMspIdFormat } from './msp-id-format.ts';
import { checkNoPrivateKey } from './no-private-key.ts';
import { checkNodeLocalStorage } from './node-local-storage.ts';
import { checkWorkloadResources } from './workload-resources.ts';
import { checkOrdererTlsCertificate } from './orderer-tls-certificate.ts';
import { checkPolicyMspIds } from './policy-msp-ids.ts';
import { checkPolicySatisfiable } from './policy-satisfiable.ts';
import { checkPolicySyntax } from './policy-syntax.ts';
import { checkUniqueAdmin } from './unique-admin.ts';
import { checkUniqueHostname } from './unique-hostname.ts';
import { checkUniqueMspId } from './unique-msp-id.ts';
import { checkUniqueOrgId } from './unique-org-id.ts';

export interface Rule {
  /** The id its diagnostics carry. */
  readonly id: string;
  readonly description: string;
  readonly check: (ctx: RuleContext) => Diagnostic[];
}

export const rules: readonly Rule[] = [
  { id: 'unique-org-id', description: 'org ids are unique', check: checkUniqueOrgId },
  { id: 'unique-msp-id', description: 'MSP IDs are unique', check: checkUniqueMspId },
  { id: 'unique-admin', description: 'each admin approves for one org only', check: checkUniqueAdmin },
  { id: 'unique-hostname', description: 'org domains and node hostnames are unique', check: checkUniqueHostname },
  { id: 'msp-id-format', description: 'MSP IDs can be named in Fabric policies', check: checkMspIdFormat },
  { id: 'channel-name', description: "channel names follow Fabric's rule", check: checkChannelName },
  {
    id: 'chaincode-name',
    description: "chaincode names follow Fabric's rule and avoid system names",
    check: checkChaincodeName,
  },
  { id: 'chaincode-version', description: "chaincode versions follow Fabric's rule", check: checkChaincodeVersion },
  { id: 'chaincode-sequence', description: 'chaincode sequences are positive integers', check: checkChaincodeSequence },
  {
    id: 'chaincode-image-digest',
    description: 'chaincode images are pinned by digest',
    check: checkChaincodeImageDigest,
  },
  {
    id: 'chaincode-init',
    description: 'a chaincode that requires Init says how to invoke it',
    check: checkChaincodeInit,
  },
  {
    id: 'chaincode-previous',
    description: "an upgrade's previous version can run beside the new one",
    check: checkChaincodePrevious,
  },
  {
    id: 'chaincode-indexes',
    description: "a chaincode's metaInf folder holds valid CouchDB indexes",
    check: checkChaincodeIndexes,
  },
  {
    id: 'kubernetes-name',
    description: 'rendered object names and labels are valid and unique',
    check: checkKubernetesName,
  },
  { id: 'channel-member-exists', description: 'channel members are organizations', check: checkChannelMemberExists },
  { id: 'anchor-peer-exists', description: 'anchor peers are peers of their org', check: checkAnchorPeerExists },
  { id: 'anchor-peer-member', description: 'anchor peer orgs are channel members', check: checkAnchorPeerMember },
  {
    id: 'anchor-peer-per-member',
    description: 'every channel member has an anchor peer',
    check: checkAnchorPeerPerMember,
  },
  { id: 'collection-config', description: 'private data collections are consistent', check: checkCollectionConfig },
  { id: 'consenter-exists', description: 'consenters are orderers of their org', check: checkConsenterExists },
  {
    id: 'installed-on-exists',
    description: 'chaincode installedOn names organizations',
    check: checkInstalledOnExists,
  },
  {
    id: 'installed-on-member',
    description: 'chaincodes are installed only on channel members',
    check: checkInstalledOnMember,
  },
  { id: 'policy-syntax', description: 'policies are valid Fabric policies', check: checkPolicySyntax },
  { id: 'policy-msp-ids', description: 'policies name only members', check: checkPolicyMspIds },
  { id: 'policy-satisfiable', description: 'signature policies can be satisfied', check: checkPolicySatisfiable },
  {
    id: 'endorsement-policy-reference',
    description: 'ImplicitMeta endorsement policies name a channel policy',
    check: checkEndorsementPolicyReference,
  },
  {
    id: 'etcdraft-consenters',
    description: 'the Raft cluster tolerates failures and is shared',
    check: checkEtcdraftConsenters,
  },
  {
    id: 'genesis-block',
    description: "a channel's genesis.block is a config block of that channel",
    check: checkGenesisBlock,
  },
  {
    id: 'certificate-parse',
    description: 'referenced certificates exist and parse as X.509',
    check: checkCertificateParse,
  },
  { id: 'certificate-ca', description: 'CA certificates are CAs', check: checkCertificateCa },
  {
    id: 'admin-certificate-chain',
    description: "admin certificates are issued by their org's CA",
    check: checkAdminCertificateChain,
  },
  {
    id: 'orderer-tls-certificate',
    description: "orderer TLS certificates are issued by their org's TLS CA for the orderer's host",
    check: checkOrdererTlsCertificate,
  },
  {
    id: 'certificate-expiry',
    description: 'certificates are valid now and for 30 more days',
    check: checkCertificateExpiry,
  },
  { id: 'no-private-key', description: 'no private key anywhere in the repository', check: checkNoPrivateKey },
  { id: 'node-local-storage', description: 'ledgers are not on node-local storage', check: checkNodeLocalStorage },
  { id: 'workload-resources', description: 'memory requests fit their limits', check: checkWorkloadResources },
];

/**
 * Runs every rule. A rule that throws is a bug in the toolkit, but it must not let a repository
 * pass: its failure becomes an error diagnostic (fail closed) and the other rules still run.
 */
export function runRules(ctx: RuleContext, selected: readonly Rule[] = rules): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const rule of selected) {
    try {
      found.push(...rule.check(ctx));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      found.push({
        rule: rule.id,
        severity: 'error',
        file: ctx.model.consortium?.source.file ?? 'consortium/consortium.yaml',
        line: 1,
        column: 1,
        message: `rule "${rule.id}" failed unexpectedly (${detail}); the repository could not be checked by it`,
        hint: 'This is a bug in the toolkit; please report it with this message.',
      });
    }
  }
  return found;
}
