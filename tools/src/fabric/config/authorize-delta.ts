// The signature half of the orderer's verifyDeltaSet: every element the update changes must be
// allowed by the mod_policy of the element as it exists now (new elements need nothing beyond
// their parent group's change). The policies are evaluated in the config before the update.
import type { ChannelConfig } from './config-tree.ts';
import type { DeltaElement } from './apply-update.ts';
import { evaluateConfigPolicy, type ConfigPolicyVerdict } from './evaluate-config-policy.ts';
import type { Signer } from '../policy/index.ts';

export interface PolicyRequirement extends ConfigPolicyVerdict {
  /** The changed elements this policy governs, e.g. ["/Channel/Application"]. */
  readonly elements: readonly string[];
}

// Fabric: common/configtx/update.go verifyDeltaSet (policy.EvaluateSignedData per element)
export function authorizeDelta(options: {
  readonly config: ChannelConfig;
  readonly delta: readonly DeltaElement[];
  readonly signers: readonly Signer[];
}): { readonly satisfied: boolean; readonly policies: readonly PolicyRequirement[] } {
  const byPolicy = new Map<string, string[]>();
  for (const element of options.delta) {
    if (element.modPolicy === undefined) continue;
    const list = byPolicy.get(element.modPolicy) ?? [];
    list.push(element.path);
    byPolicy.set(element.modPolicy, list);
  }
  const policies = [...byPolicy.keys()].sort().map((path) => ({
    ...evaluateConfigPolicy(options.config.channelGroup, path, options.signers),
    elements: byPolicy.get(path) ?? [],
  }));
  return { satisfied: policies.every((p) => p.satisfied), policies };
}
