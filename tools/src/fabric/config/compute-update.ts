// configtxlator's compute_update: the smallest ConfigUpdate that turns one channel config into
// another. Every modified element goes into the write set at its version + 1 (a new one at 0);
// the read set pins the versions it was computed against. When a map's membership changes (an
// element added or removed), its unchanged siblings are listed too, by version only, because the
// rewritten parent group replaces the whole membership.
import type { ChannelConfig, ConfigGroupNode, ConfigPolicyNode, ConfigValueNode } from './config-tree.ts';
import { emptyGroup } from './config-tree.ts';
import type { ConfigUpdate } from './config-update.ts';

interface MapUpdate<T> {
  readonly readSet: Record<string, T>;
  readonly writeSet: Record<string, T>;
  readonly sameSet: Record<string, T>;
  readonly updatedMembers: boolean;
}

const versionOnlyGroup = (version: number): ConfigGroupNode => ({ ...emptyGroup(), version });

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

// Fabric: internal/configtxlator/update/update.go computePoliciesMapUpdate
export function computePoliciesMapUpdate(
  original: Readonly<Record<string, ConfigPolicyNode>>,
  updated: Readonly<Record<string, ConfigPolicyNode>>,
): MapUpdate<ConfigPolicyNode> {
  const writeSet: Record<string, ConfigPolicyNode> = {};
  const sameSet: Record<string, ConfigPolicyNode> = {};
  let updatedMembers = false;
  for (const [name, before] of Object.entries(original)) {
    const after = updated[name];
    if (after === undefined) {
      updatedMembers = true;
      continue;
    }
    const same =
      before.modPolicy === after.modPolicy &&
      before.policyType === after.policyType &&
      sameBytes(before.policyValue, after.policyValue);
    if (same) {
      sameSet[name] = { version: before.version, modPolicy: '', policyType: 0, policyValue: new Uint8Array() };
      continue;
    }
    writeSet[name] = { ...after, version: before.version + 1 };
  }
  for (const [name, after] of Object.entries(updated)) {
    if (name in original) continue;
    updatedMembers = true;
    writeSet[name] = { ...after, version: 0 };
  }
  return { readSet: {}, writeSet, sameSet, updatedMembers };
}

// Fabric: internal/configtxlator/update/update.go computeValuesMapUpdate
export function computeValuesMapUpdate(
  original: Readonly<Record<string, ConfigValueNode>>,
  updated: Readonly<Record<string, ConfigValueNode>>,
): MapUpdate<ConfigValueNode> {
  const writeSet: Record<string, ConfigValueNode> = {};
  const sameSet: Record<string, ConfigValueNode> = {};
  let updatedMembers = false;
  for (const [name, before] of Object.entries(original)) {
    const after = updated[name];
    if (after === undefined) {
      updatedMembers = true;
      continue;
    }
    if (before.modPolicy === after.modPolicy && sameBytes(before.value, after.value)) {
      sameSet[name] = { version: before.version, modPolicy: '', value: new Uint8Array() };
      continue;
    }
    writeSet[name] = { ...after, version: before.version + 1 };
  }
  for (const [name, after] of Object.entries(updated)) {
    if (name in original) continue;
    updatedMembers = true;
    writeSet[name] = { ...after, version: 0 };
  }
  return { readSet: {}, writeSet, sameSet, updatedMembers };
}

// Fabric: internal/configtxlator/update/update.go computeGroupsMapUpdate
export function computeGroupsMapUpdate(
  original: Readonly<Record<string, ConfigGroupNode>>,
  updated: Readonly<Record<string, ConfigGroupNode>>,
): MapUpdate<ConfigGroupNode> {
  const readSet: Record<string, ConfigGroupNode> = {};
  const writeSet: Record<string, ConfigGroupNode> = {};
  const sameSet: Record<string, ConfigGroupNode> = {};
  let updatedMembers = false;
  for (const [name, before] of Object.entries(original)) {
    const after = updated[name];
    if (after === undefined) {
      updatedMembers = true;
      continue;
    }
    const group = computeGroupUpdate(before, after);
    if (!group.updated) {
      sameSet[name] = group.readSet;
      continue;
    }
    readSet[name] = group.readSet;
    writeSet[name] = group.writeSet;
  }
  for (const [name, after] of Object.entries(updated)) {
    if (name in original) continue;
    updatedMembers = true;
    const { writeSet: added } = computeGroupUpdate(emptyGroup(), after);
    writeSet[name] = { ...added, version: 0, modPolicy: after.modPolicy };
  }
  return { readSet, writeSet, sameSet, updatedMembers };
}

// Fabric: internal/configtxlator/update/update.go computeGroupUpdate
export function computeGroupUpdate(
  original: ConfigGroupNode,
  updated: ConfigGroupNode,
): { readonly readSet: ConfigGroupNode; readonly writeSet: ConfigGroupNode; readonly updated: boolean } {
  const policies = computePoliciesMapUpdate(original.policies, updated.policies);
  const values = computeValuesMapUpdate(original.values, updated.values);
  const groups = computeGroupsMapUpdate(original.groups, updated.groups);
  const membershipChanged =
    policies.updatedMembers ||
    values.updatedMembers ||
    groups.updatedMembers ||
    original.modPolicy !== updated.modPolicy;

  if (!membershipChanged) {
    const modified =
      Object.keys(policies.writeSet).length + Object.keys(values.writeSet).length + Object.keys(groups.writeSet).length;
    if (modified === 0) {
      return {
        readSet: versionOnlyGroup(original.version),
        writeSet: versionOnlyGroup(original.version),
        updated: false,
      };
    }
    // Only members changed: the group itself keeps its version and mod_policy is left unset.
    return {
      readSet: {
        ...versionOnlyGroup(original.version),
        policies: policies.readSet,
        values: values.readSet,
        groups: groups.readSet,
      },
      writeSet: {
        ...versionOnlyGroup(original.version),
        policies: policies.writeSet,
        values: values.writeSet,
        groups: groups.writeSet,
      },
      updated: true,
    };
  }
  return {
    readSet: {
      ...versionOnlyGroup(original.version),
      policies: { ...policies.readSet, ...policies.sameSet },
      values: { ...values.readSet, ...values.sameSet },
      groups: { ...groups.readSet, ...groups.sameSet },
    },
    writeSet: {
      version: original.version + 1,
      modPolicy: updated.modPolicy,
      policies: { ...policies.writeSet, ...policies.sameSet },
      values: { ...values.writeSet, ...values.sameSet },
      groups: { ...groups.writeSet, ...groups.sameSet },
    },
    updated: true,
  };
}

/**
 * The ConfigUpdate from `original` to `updated`, or undefined when they do not differ (where
 * configtxlator fails with "no differences detected"). Only `original`'s versions matter; the
 * versions in `updated` are ignored, as in configtxlator.
 */
// Fabric: internal/configtxlator/update/update.go Compute
export function computeUpdate(options: {
  readonly channelId: string;
  readonly original: ChannelConfig;
  readonly updated: ChannelConfig;
}): ConfigUpdate | undefined {
  const group = computeGroupUpdate(options.original.channelGroup, options.updated.channelGroup);
  if (!group.updated) return undefined;
  return { channelId: options.channelId, readSet: group.readSet, writeSet: group.writeSet };
}
