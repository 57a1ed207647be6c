// How the orderer turns a ConfigUpdate into the channel's next config: the read set must match
// the current versions, the delta set (write-set elements whose version moved) must follow the
// version rules and name a valid mod_policy, and the result is the current config with the delta
// laid over it. Authorization (the existing elements' mod_policies) is a separate step,
// authorizeDelta, so the ledger config can be derived without the signatures.
import type { ChannelConfig } from './config-tree.ts';
import type { ConfigUpdate } from './config-update.ts';
import {
  configMapToConfig,
  elementPath,
  mapConfig,
  validateConfigId,
  type ConfigElement,
  type ConfigMap,
} from './config-map.ts';
import { modPolicyPath } from './policy-for-item.ts';
import { checkConsenterChanges } from './etcdraft-membership.ts';

/** One element the update changes, with the element it replaces (undefined when new). */
export interface DeltaElement {
  readonly key: string;
  /** "/Channel/Application/Org3MSP". */
  readonly path: string;
  readonly kind: ConfigElement['kind'];
  readonly proposed: ConfigElement;
  readonly existing: ConfigElement | undefined;
  /** Absolute path of the existing element's mod_policy; undefined for a new element (no check). */
  readonly modPolicy: string | undefined;
}

export type ApplyUpdateResult =
  | { readonly ok: true; readonly config: ChannelConfig; readonly delta: readonly DeltaElement[] }
  | { readonly ok: false; readonly error: string; readonly staleReadSet: boolean };

// Fabric: common/configtx/update.go verifyReadSet
export function verifyReadSet(current: ConfigMap, readSet: ConfigMap): string | undefined {
  for (const [key, element] of readSet) {
    const existing = current.get(key);
    if (existing === undefined) return `existing config does not contain element for ${key} but was in the read set`;
    if (existing.node.version !== element.node.version) {
      return `proposed update requires that key ${key} be at version ${element.node.version}, but it is currently at version ${existing.node.version}`;
    }
  }
  return undefined;
}

// Fabric: common/configtx/update.go computeDeltaSet
export function computeDeltaSet(readSet: ConfigMap, writeSet: ConfigMap): Map<string, ConfigElement> {
  const delta = new Map<string, ConfigElement>();
  for (const [key, element] of writeSet) {
    const read = readSet.get(key);
    if (read !== undefined && read.node.version === element.node.version) continue;
    delta.set(key, element);
  }
  return delta;
}

// Fabric: common/configtx/update.go validateModPolicy
export function validateModPolicy(modPolicy: string): string | undefined {
  if (modPolicy === '') return 'mod_policy not set';
  const trimmed = modPolicy.startsWith('/') ? modPolicy.slice(1) : modPolicy;
  const parts = trimmed.split('/');
  for (let i = 0; i < parts.length; i++) {
    const invalid = validateConfigId(parts[i] ?? '');
    if (invalid !== undefined) return `path element at ${i} is invalid: ${invalid}`;
  }
  return undefined;
}

/** The structural half of verifyDeltaSet: the version rules and mod_policy syntax. */
// Fabric: common/configtx/update.go verifyDeltaSet
export function verifyDeltaSet(current: ConfigMap, delta: ReadonlyMap<string, ConfigElement>): string | undefined {
  if (delta.size === 0) return 'delta set was empty -- update would have no effect';
  for (const key of [...delta.keys()].sort()) {
    const element = delta.get(key) as ConfigElement;
    const invalid = validateModPolicy(element.node.modPolicy);
    if (invalid !== undefined) return `invalid mod_policy for element ${key}: ${invalid}`;
    const existing = current.get(key);
    if (existing === undefined) {
      if (element.node.version !== 0) {
        return `attempted to set key ${key} to version ${element.node.version}, but key does not exist`;
      }
      continue;
    }
    if (element.node.version !== existing.node.version + 1) {
      return `attempt to set key ${key} to version ${element.node.version}, but key is at version ${existing.node.version}`;
    }
  }
  return undefined;
}

// Fabric: common/configtx/update.go verifyFullProposedConfig
export function verifyFullProposedConfig(writeSet: ConfigMap, proposed: ConfigMap): string | undefined {
  for (const key of writeSet.keys()) {
    if (!proposed.has(key)) return `writeset contained key ${key} which did not appear in proposed config`;
  }
  return undefined;
}

/**
 * The channel config after `update`, as the orderer computes it (authorizeUpdate without the
 * signature check, then configMapToConfig), or why the orderer would refuse the update.
 * `staleReadSet` marks the refusal that means "computed against an older ledger state".
 */
// Fabric: common/configtx/update.go authorizeUpdate, common/configtx/validator.go proposeConfigUpdate
export function applyUpdate(options: {
  readonly channelId: string;
  readonly config: ChannelConfig;
  readonly update: ConfigUpdate;
}): ApplyUpdateResult {
  const { config, update, channelId } = options;
  const fail = (error: string, staleReadSet = false): ApplyUpdateResult => ({ ok: false, error, staleReadSet });
  if (update.channelId !== channelId) {
    return fail(`ConfigUpdate for channel '${update.channelId}' but envelope for channel '${channelId}'`);
  }
  const current = mapConfig(config.channelGroup);
  if (!current.ok) return fail(`error converting config to map: ${current.error}`);
  const readSet = mapConfig(update.readSet);
  if (!readSet.ok) return fail(`error mapping ReadSet: ${readSet.error}`);
  const stale = verifyReadSet(current.map, readSet.map);
  if (stale !== undefined) return fail(`error validating ReadSet: ${stale}`, true);
  const writeSet = mapConfig(update.writeSet);
  if (!writeSet.ok) return fail(`error mapping WriteSet: ${writeSet.error}`);
  const delta = computeDeltaSet(readSet.map, writeSet.map);
  const invalid = verifyDeltaSet(current.map, delta);
  if (invalid !== undefined) return fail(`error validating DeltaSet: ${invalid}`);
  const proposed = new Map(current.map);
  for (const [key, element] of delta) proposed.set(key, element);
  const incomplete = verifyFullProposedConfig(writeSet.map, proposed);
  if (incomplete !== undefined) return fail(`full config did not verify: ${incomplete}`);
  const rebuilt = configMapToConfig(proposed);
  if (!rebuilt.ok) return fail(`could not turn configMap back to channelGroup: ${rebuilt.error}`);
  const next: ChannelConfig = { sequence: config.sequence + 1, channelGroup: rebuilt.group };
  const consenters = checkConsenterChanges(config, next);
  if (consenters !== undefined) return fail(consenters);
  return {
    ok: true,
    config: next,
    delta: [...delta.keys()].sort().map((key) => {
      const proposedElement = delta.get(key) as ConfigElement;
      const existing = current.map.get(key);
      return {
        key,
        path: elementPath(proposedElement),
        kind: proposedElement.kind,
        proposed: proposedElement,
        existing,
        modPolicy: existing === undefined ? undefined : modPolicyPath(existing, existing.node.modPolicy),
      };
    }),
  };
}
