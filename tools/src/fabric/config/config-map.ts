// The flat view of a config tree the orderer validates updates on: every group, value and policy
// under one key such as "[Group]  /Channel/Application/Org1MSP" or
// "[Policy] /Channel/Application/Admins". Read set, write set and current config are all mapped
// this way, so versions are compared key by key.
import type { ConfigGroupNode, ConfigPolicyNode, ConfigValueNode } from './config-tree.ts';

export type ConfigElement =
  | { readonly kind: 'group'; readonly path: readonly string[]; readonly key: string; readonly node: ConfigGroupNode }
  | { readonly kind: 'value'; readonly path: readonly string[]; readonly key: string; readonly node: ConfigValueNode }
  | {
      readonly kind: 'policy';
      readonly path: readonly string[];
      readonly key: string;
      readonly node: ConfigPolicyNode;
    };

export type ConfigMap = ReadonlyMap<string, ConfigElement>;

export const ROOT_GROUP_KEY = 'Channel';

const PREFIX = { group: '[Group]  ', value: '[Value]  ', policy: '[Policy] ' } as const;

/** The element's Fabric key, e.g. "[Value]  /Channel/Orderer/BatchSize". */
export function elementKey(element: Pick<ConfigElement, 'kind' | 'path' | 'key'>): string {
  return `${PREFIX[element.kind]}/${[...element.path, element.key].join('/')}`;
}

/** "/Channel/Orderer/BatchSize": the element's path as people write it. */
export function elementPath(element: Pick<ConfigElement, 'path' | 'key'>): string {
  return `/${[...element.path, element.key].join('/')}`;
}

const CONFIG_ID = /^[a-zA-Z0-9.-]+$/;
const MAX_LENGTH = 249;

// Fabric: common/configtx/validator.go validateConfigID
export function validateConfigId(id: string): string | undefined {
  if (id.length === 0) return 'config ID illegal, cannot be empty';
  if (id.length > MAX_LENGTH) return `config ID illegal, cannot be longer than ${MAX_LENGTH}`;
  if (id === '.' || id === '..') return `name '${id}' for config ID is not allowed`;
  if (!CONFIG_ID.test(id)) return `config ID '${id}' contains illegal characters`;
  return undefined;
}

export type MapConfigResult =
  { readonly ok: true; readonly map: ConfigMap } | { readonly ok: false; readonly error: string };

/** An absent group maps to an empty map (an update without a read set reads nothing). */
// Fabric: common/configtx/configmap.go mapConfig
export function mapConfig(group: ConfigGroupNode | undefined, rootKey: string = ROOT_GROUP_KEY): MapConfigResult {
  const map = new Map<string, ConfigElement>();
  if (group === undefined) return { ok: true, map };
  // Iterative walk: a hostile update may nest groups deeply.
  const pending: { path: string[]; key: string; node: ConfigGroupNode }[] = [{ path: [], key: rootKey, node: group }];
  while (pending.length > 0) {
    const { path, key, node } = pending.pop() as { path: string[]; key: string; node: ConfigGroupNode };
    const added = addToMap(map, { kind: 'group', path, key, node });
    if (added !== undefined) return { ok: false, error: added };
    const inner = [...path, key];
    for (const [name, child] of Object.entries(node.groups)) pending.push({ path: inner, key: name, node: child });
    for (const [name, value] of Object.entries(node.values)) {
      const error = addToMap(map, { kind: 'value', path: inner, key: name, node: value });
      if (error !== undefined) return { ok: false, error };
    }
    for (const [name, policy] of Object.entries(node.policies)) {
      const error = addToMap(map, { kind: 'policy', path: inner, key: name, node: policy });
      if (error !== undefined) return { ok: false, error };
    }
  }
  return { ok: true, map };
}

// Fabric: common/configtx/configmap.go addToMap
function addToMap(map: Map<string, ConfigElement>, element: ConfigElement): string | undefined {
  const invalid = validateConfigId(element.key);
  if (invalid !== undefined) return `illegal characters in key: ${PREFIX[element.kind]}: ${invalid}`;
  map.set(elementKey(element), element);
  return undefined;
}

const ORDERER_CAPABILITIES = '[Value]  /Channel/Orderer/Capabilities';
const UPGRADED_MOD_POLICY = 'Admins';

/**
 * Rebuilds the tree from a config map, following each group's own member names. Elements in the
 * map that no group names any more (removed ones) are left behind.
 */
// Fabric: common/configtx/configmap.go configMapToConfig
export function configMapToConfig(
  map: ConfigMap,
  rootKey: string = ROOT_GROUP_KEY,
): { readonly ok: true; readonly group: ConfigGroupNode } | { readonly ok: false; readonly error: string } {
  // Channels created before v1.1 carry empty mod_policies; Fabric fills them with "Admins" on the
  // first update once the orderer has capabilities.
  const upgrade = map.has(ORDERER_CAPABILITIES);
  try {
    return { ok: true, group: recurseConfigMap(`/${rootKey}`, map, upgrade) };
  } catch (error) {
    if (error instanceof MissingElement) return { ok: false, error: error.message };
    throw error;
  }
}

class MissingElement extends Error {}

// Fabric: common/configtx/configmap.go recurseConfigMap
function recurseConfigMap(path: string, map: ConfigMap, upgrade: boolean): ConfigGroupNode {
  const group = map.get(`${PREFIX.group}${path}`);
  if (group?.kind !== 'group') throw new MissingElement(`missing group at path: ${PREFIX.group}${path}`);
  const fill = (modPolicy: string): string => (upgrade && modPolicy === '' ? UPGRADED_MOD_POLICY : modPolicy);
  const groups: Record<string, ConfigGroupNode> = {};
  for (const name of Object.keys(group.node.groups)) groups[name] = recurseConfigMap(`${path}/${name}`, map, upgrade);
  const values: Record<string, ConfigValueNode> = {};
  for (const name of Object.keys(group.node.values)) {
    const value = map.get(`${PREFIX.value}${path}/${name}`);
    if (value?.kind !== 'value') throw new MissingElement(`missing value at path: ${PREFIX.value}${path}/${name}`);
    values[name] = { ...value.node, modPolicy: fill(value.node.modPolicy) };
  }
  const policies: Record<string, ConfigPolicyNode> = {};
  for (const name of Object.keys(group.node.policies)) {
    const policy = map.get(`${PREFIX.policy}${path}/${name}`);
    if (policy?.kind !== 'policy') throw new MissingElement(`missing policy at path: ${PREFIX.policy}${path}/${name}`);
    policies[name] = { ...policy.node, modPolicy: fill(policy.node.modPolicy) };
  }
  return { version: group.node.version, modPolicy: fill(group.node.modPolicy), groups, values, policies };
}
