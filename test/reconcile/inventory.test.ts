import { describe, expect, it } from 'vitest';
import { inventoryConfigMap, parseInventory, sameInventory } from '../../tools/src/reconcile/inventory.ts';

describe('inventory', () => {
  const inventory = {
    member: 'acme',
    entries: [
      { apiVersion: 'v1', kind: 'Service', namespace: 'acme', name: 'b', digest: 'sha256:2' },
      { apiVersion: 'v1', kind: 'Namespace', name: 'acme', digest: 'sha256:1' },
    ],
  };

  it('round-trips through its ConfigMap, sorted', () => {
    const parsed = parseInventory(inventoryConfigMap(inventory, 'acme'), 'acme');
    expect(parsed.entries.map((e) => e.kind)).toEqual(['Namespace', 'Service']);
    expect(sameInventory(parsed, inventory)).toBe(true);
  });

  it('refuses an inventory of another member', () => {
    expect(() => parseInventory(inventoryConfigMap(inventory, 'acme'), 'globex')).toThrow(/belongs to member "acme"/);
  });
});
