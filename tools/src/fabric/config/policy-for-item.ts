// Which policy governs a change to an element: the element's mod_policy, relative to the group
// the element is in (a group's own mod_policy is relative to the group itself), or absolute when
// it starts with "/". The lookup follows Fabric's policy manager, which also lets a relative name
// reach into sub-groups ("Org1MSP/Admins").
import type { ConfigGroupNode, ConfigPolicyNode } from './config-tree.ts';
import type { ConfigElement } from './config-map.ts';
import { ROOT_GROUP_KEY } from './config-map.ts';

export interface ResolvedPolicy {
  /** Absolute, e.g. "/Channel/Application/Admins". */
  readonly path: string;
  /** The group holding the policy (ImplicitMeta policies look at its sub-groups). */
  readonly group: ConfigGroupNode;
  readonly policy: ConfigPolicyNode;
}

/** The absolute path of the policy an element's mod_policy names, whether or not it exists. */
// Fabric: common/configtx/update.go policyForItem
export function modPolicyPath(element: Pick<ConfigElement, 'kind' | 'path' | 'key'>, modPolicy: string): string {
  if (modPolicy.startsWith('/')) return modPolicy;
  // The manager for an element is its group's; for a group, the group itself. The root group's
  // path is empty: its mod_policy is looked up in the root manager.
  const manager =
    element.path.length === 0
      ? [ROOT_GROUP_KEY]
      : element.kind === 'group'
        ? [...element.path, element.key]
        : [...element.path];
  return `/${[...manager, modPolicy].join('/')}`;
}

/** Looks up an absolute policy path in a channel group; undefined when there is no such policy. */
// Fabric: common/policies/policy.go ManagerImpl.GetPolicy
export function findPolicy(channelGroup: ConfigGroupNode, path: string): ResolvedPolicy | undefined {
  const prefix = `/${ROOT_GROUP_KEY}/`;
  if (!path.startsWith(prefix)) return undefined;
  const segments = path.slice(prefix.length).split('/');
  const name = segments.pop();
  let group: ConfigGroupNode | undefined = channelGroup;
  for (const segment of segments) {
    group = Object.hasOwn(group.groups, segment) ? group.groups[segment] : undefined;
    if (group === undefined) return undefined;
  }
  if (name === undefined || !Object.hasOwn(group.policies, name)) return undefined;
  const policy = group.policies[name];
  return policy === undefined ? undefined : { path, group, policy };
}
