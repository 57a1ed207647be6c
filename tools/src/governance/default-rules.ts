import type { ChangeKind, ConsortiumModel, GovernanceRules } from '../model/types.ts';
import type { ClassifiedChange } from './types.ts';

/**
 * What a change needs, decided from the BASE revision only: the governance rules, the member
 * registry and the channels as the target branch has them. A pull request cannot loosen the
 * rules it is judged by.
 */
export interface Requirement {
  /** Fabric policy expression: ImplicitMeta (`MAJORITY Admins`) or a signature policy. */
  readonly policy: string;
  /** Where the policy comes from, for the report ("consortium Admins", "channel trade LifecycleEndorsement"). */
  readonly policySource: string;
  /** Org ids whose groups an ImplicitMeta policy counts (Fabric: the child groups). */
  readonly scope: readonly string[];
  readonly scopeLabel: string;
  /** Orgs whose own consent is needed on top of the policy (the joining org). */
  readonly consentOf: readonly string[];
  /** Orgs that may not veto this change (the org being removed cannot block its removal). */
  readonly noVeto: readonly string[];
  readonly critical: boolean;
}

export const defaultGovernanceRules: GovernanceRules = {
  policies: { Admins: 'MAJORITY Admins', Readers: 'ANY Readers', Writers: 'ANY Writers' },
  rules: {},
  critical: {
    kinds: ['org.remove', 'governance.update', 'toolkit.update', 'ordering.update', 'org.admins.update'],
    adminsPerOrg: 2,
    minimumOpenHours: 24,
  },
  requireChaincodeImageDigest: false,
};

/**
 * The requirement of one change, or a reason it cannot have one (an `error` change, a channel the
 * base does not know). `head` is consulted only for what the base cannot know: the members a new
 * channel lists, the policies of a channel created in the same pull request.
 */
export function requirementFor(
  change: ClassifiedChange,
  ctx: { readonly base: ConsortiumModel; readonly head: ConsortiumModel },
): Requirement | { readonly error: string } {
  if (change.kind === 'error') return { error: change.summary };
  const rules = ctx.base.consortium?.governance ?? defaultGovernanceRules;
  const kind: ChangeKind = change.kind;
  const override = rules.rules[kind];
  const critical = rules.critical.kinds.includes(kind);
  const members = ctx.base.orgs.map((o) => o.id);
  const consortiumAdmins = {
    policy: override ?? rules.policies.Admins,
    policySource: override === undefined ? 'consortium Admins policy' : `governance rule for ${kind}`,
    scope: members,
    scopeLabel: 'consortium members at base',
    consentOf: [] as string[],
    noVeto: [] as string[],
    critical,
  };
  const orgSelf = (org: string): Requirement => {
    const msp = ctx.base.orgs.find((o) => o.id === org)?.mspId;
    if (override !== undefined || msp === undefined) return consortiumAdmins;
    return { ...consortiumAdmins, policy: `OR('${msp}.admin')`, policySource: `the org itself (${org})` };
  };

  switch (kind) {
    case 'org.add':
      return { ...consortiumAdmins, consentOf: [change.subject] };
    case 'org.remove':
      return { ...consortiumAdmins, noVeto: [change.subject] };
    case 'org.update':
    case 'org.admins.update':
      return orgSelf(change.subject);
    case 'governance.update':
    case 'toolkit.update':
      return consortiumAdmins;
    case 'docs.update':
      return override === undefined
        ? { ...consortiumAdmins, policy: 'ANY Admins', policySource: 'any one member' }
        : consortiumAdmins;
    case 'ordering.update': {
      const consenters = [...new Set(ctx.base.consortium?.ordering.consenters.map((c) => c.org) ?? [])].sort();
      return override === undefined
        ? {
            ...consortiumAdmins,
            policy: 'MAJORITY Admins',
            policySource: 'majority of consenter-providing orgs',
            scope: consenters,
            scopeLabel: 'orgs that run a consenter at base',
          }
        : consortiumAdmins;
    }
    case 'channel.create': {
      const channel = ctx.head.channels.find((c) => c.name === change.subject);
      const listed = [...(channel?.members ?? [])];
      return {
        ...consortiumAdmins,
        policy: override ?? 'ALL Admins',
        policySource: override === undefined ? 'every listed member' : `governance rule for ${kind}`,
        scope: listed,
        scopeLabel: `members listed for channel ${change.subject}`,
        consentOf: listed.filter((org) => !members.includes(org)),
      };
    }
    case 'chaincode.install': {
      // Only the orgs that start or stop running it decide (each installs or uninstalls on its own
      // peers); the committed definition, which the channel approved, does not change.
      const orgs = changedInstallations(change.subject, ctx);
      return {
        ...consortiumAdmins,
        policy: override ?? 'ALL Admins',
        policySource:
          override === undefined ? 'each org that starts or stops running it' : `governance rule for ${kind}`,
        scope: orgs,
        scopeLabel: `orgs added to or removed from installedOn of ${change.subject}`,
        consentOf: override === undefined ? [] : orgs,
      };
    }
    case 'channel.member.add':
    case 'channel.member.remove':
    case 'channel.policy.update':
    case 'chaincode.define':
    case 'chaincode.upgrade':
    case 'chaincode.remove': {
      const name = change.channel ?? change.subject;
      const existing = ctx.base.channels.find((c) => c.name === name);
      // A chaincode defined on a channel this pull request creates: that channel's own policies
      // (every listed member must consent to the channel.create anyway).
      const channel =
        existing ?? (kind === 'chaincode.define' ? ctx.head.channels.find((c) => c.name === name) : undefined);
      if (channel === undefined) return { error: `channel ${name} does not exist at base` };
      const policyName =
        kind === 'chaincode.define' || kind === 'chaincode.upgrade' ? 'LifecycleEndorsement' : 'Admins';
      return {
        policy: override ?? channel.policies[policyName],
        policySource:
          override === undefined
            ? `channel ${name} ${policyName} policy${existing ? '' : ' (new channel)'}`
            : `governance rule for ${kind}`,
        scope: [...channel.members],
        scopeLabel: `members of channel ${name}${existing ? ' at base' : ''}`,
        consentOf:
          kind === 'channel.member.add' && change.org !== undefined
            ? [change.org]
            : kind === 'chaincode.define' || kind === 'chaincode.upgrade'
              ? newlyInstalledOn(change.subject, ctx)
              : [],
        noVeto: kind === 'channel.member.remove' && change.org !== undefined ? [change.org] : [],
        critical,
      };
    }
  }
}

/** Orgs added to or removed from a chaincode's installedOn between base and head. */
function changedInstallations(
  subject: string,
  ctx: { readonly base: ConsortiumModel; readonly head: ConsortiumModel },
): string[] {
  const find = (model: ConsortiumModel) =>
    new Set(
      model.channels.flatMap((c) => c.chaincodes).find((cc) => `${cc.channel}/${cc.name}` === subject)?.installedOn,
    );
  const before = find(ctx.base);
  const after = find(ctx.head);
  return [...new Set([...before, ...after])].filter((org) => before.has(org) !== after.has(org)).sort();
}

/**
 * Orgs a chaincode definition newly installs on: their peers would run an image they never chose.
 * Fabric leaves installing a package to each org; a majority may commit a definition, but never
 * put a chaincode on another org's peers, so each such org's own consent is needed.
 */
function newlyInstalledOn(
  subject: string,
  ctx: { readonly base: ConsortiumModel; readonly head: ConsortiumModel },
): string[] {
  const find = (model: ConsortiumModel) =>
    model.channels.flatMap((c) => c.chaincodes).find((cc) => `${cc.channel}/${cc.name}` === subject);
  const before = new Set(find(ctx.base)?.installedOn ?? []);
  return [...new Set(find(ctx.head)?.installedOn ?? [])].filter((org) => !before.has(org)).sort();
}
