// Every policy expression in the repository, with the MSP IDs it may name and where it is written.
// Shared by the policy rules and parsed once per run (memoized per rule context).
import { parsePolicy, type ParsePolicyResult } from '../fabric/policy/index.ts';
import type { Source } from '../model/source.ts';
import type { RuleContext } from './context.ts';

export interface PolicySite {
  readonly expression: string;
  /** What the policy governs, for messages: 'policy "Admins" of channel "traceability"'. */
  readonly what: string;
  readonly source: Source;
  readonly path: string;
  /** The MSP IDs the policy may name: the channel's members, or every member for governance rules. */
  readonly allowedMspIds: ReadonlySet<string>;
  /** Where it is named in messages: 'channel "traceability"' or 'the consortium'. */
  readonly scope: string;
  /** Private data collection policies must be signature policies (Fabric rejects ImplicitMeta there). */
  readonly signatureOnly: boolean;
  readonly parsed: ParsePolicyResult;
}

const channelPolicyNames = ['Readers', 'Writers', 'Admins', 'Endorsement', 'LifecycleEndorsement'] as const;

const memo = new WeakMap<RuleContext, readonly PolicySite[]>();

export function listPolicySites(ctx: RuleContext): readonly PolicySite[] {
  const cached = memo.get(ctx);
  if (cached !== undefined) return cached;
  const parsedByText = new Map<string, ParsePolicyResult>();
  const parse = (text: string): ParsePolicyResult => {
    let result = parsedByText.get(text);
    if (result === undefined) {
      result = parsePolicy(text);
      parsedByText.set(text, result);
    }
    return result;
  };
  const sites: PolicySite[] = [];
  const add = (site: Omit<PolicySite, 'parsed'>) => sites.push({ ...site, parsed: parse(site.expression) });

  const consortium = ctx.model.consortium;
  if (consortium !== undefined) {
    const everyone = new Set(ctx.model.orgs.map((org) => org.mspId));
    const base = { source: consortium.source, allowedMspIds: everyone, scope: 'the consortium', signatureOnly: false };
    for (const [name, expression] of Object.entries(consortium.governance.policies)) {
      add({ ...base, expression, what: `governance policy "${name}"`, path: `governance.policies.${name}` });
    }
    for (const [kind, expression] of Object.entries(consortium.governance.rules)) {
      if (expression === undefined) continue;
      add({ ...base, expression, what: `governance rule for "${kind}"`, path: `governance.rules.${kind}` });
    }
  }
  for (const channel of ctx.model.channels) {
    const allowed = ctx.channelMspIds.get(channel.name) ?? new Set<string>();
    const scope = `channel "${channel.name}"`;
    for (const name of channelPolicyNames) {
      const expression = channel.policies[name];
      add({
        expression,
        what: `policy "${name}" of channel "${channel.name}"`,
        source: channel.source,
        path: `policies.${name}`,
        allowedMspIds: allowed,
        scope,
        signatureOnly: false,
      });
    }
    for (const chaincode of channel.chaincodes) {
      if (chaincode.endorsementPolicy !== undefined) {
        add({
          expression: chaincode.endorsementPolicy,
          what: `endorsement policy of chaincode "${chaincode.name}"`,
          source: chaincode.source,
          path: 'endorsementPolicy',
          allowedMspIds: allowed,
          scope,
          signatureOnly: false,
        });
      }
      chaincode.collections.forEach((collection, i) => {
        add({
          expression: collection.policy,
          what: `policy of collection "${collection.name}" of chaincode "${chaincode.name}"`,
          source: chaincode.source,
          path: `collections.${i}.policy`,
          allowedMspIds: allowed,
          scope,
          signatureOnly: true,
        });
      });
    }
  }
  memo.set(ctx, sites);
  return sites;
}
