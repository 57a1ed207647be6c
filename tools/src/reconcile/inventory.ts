// The inventory: which objects this tool applied for a member, kept in the member's cluster as
// a ConfigMap so that any runner (CI, the in-cluster CronJob, an operator's laptop) sees the
// same record. Prune trusts it only together with the ownership annotation on each object.
import type { KubeObject } from '../adapters/kube.ts';
import { fieldManager, inventoryName, memberLabel } from './ownership.ts';
import { refKey, type Inventory, type InventoryEntry } from './types.ts';

const dataKey = 'inventory.json';

export function emptyInventory(member: string): Inventory {
  return { member, entries: [] };
}

/** Reads an inventory ConfigMap; a malformed one is an error (prune must not guess). */
export function parseInventory(configMap: KubeObject, member: string): Inventory {
  const data = (configMap['data'] as Record<string, string> | undefined)?.[dataKey];
  if (data === undefined) throw new Error(`inventory ConfigMap ${configMap.metadata.name} has no ${dataKey}`);
  const parsed = JSON.parse(data) as { member?: unknown; entries?: unknown };
  if (!Array.isArray(parsed.entries))
    throw new Error(`inventory ConfigMap ${configMap.metadata.name}: entries missing`);
  if (parsed.member !== member)
    throw new Error(
      `inventory ConfigMap ${configMap.metadata.name} belongs to member "${String(parsed.member)}", not "${member}"`,
    );
  const entries = (parsed.entries as Record<string, unknown>[]).map((e): InventoryEntry => {
    if (typeof e['apiVersion'] !== 'string' || typeof e['kind'] !== 'string' || typeof e['name'] !== 'string') {
      throw new Error(`inventory ConfigMap ${configMap.metadata.name}: malformed entry ${JSON.stringify(e)}`);
    }
    return {
      apiVersion: e['apiVersion'],
      kind: e['kind'],
      ...(typeof e['namespace'] === 'string' && e['namespace'] !== '' ? { namespace: e['namespace'] } : {}),
      name: e['name'],
      digest: typeof e['digest'] === 'string' ? e['digest'] : '',
    };
  });
  return { member, entries: sortEntries(entries) };
}

export function sortEntries(entries: readonly InventoryEntry[]): InventoryEntry[] {
  const byKey = new Map<string, InventoryEntry>();
  for (const e of entries) byKey.set(refKey(e), e);
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

export function serializeInventory(inventory: Inventory): string {
  return JSON.stringify({ member: inventory.member, entries: sortEntries(inventory.entries) }, null, 0);
}

export function sameInventory(a: Inventory, b: Inventory): boolean {
  return serializeInventory(a) === serializeInventory(b);
}

/** The ConfigMap holding an inventory (applied with our field manager, like everything else). */
export function inventoryConfigMap(inventory: Inventory, namespace: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: inventoryName,
      namespace,
      labels: { 'app.kubernetes.io/managed-by': fieldManager, [`${memberLabel}-inventory`]: inventory.member },
    },
    data: { [dataKey]: serializeInventory(inventory) },
  };
}
