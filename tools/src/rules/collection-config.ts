import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * Private data collection settings Fabric rejects when the chaincode definition is approved:
 * duplicate collection names, and requiredPeerCount above maxPeerCount (the endorsing peer could
 * never disseminate to enough peers).
 */
export function checkCollectionConfig(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      const names = new Set<string>();
      chaincode.collections.forEach((collection, i) => {
        if (names.has(collection.name)) {
          found.push(
            reportAt({
              rule: 'collection-config',
              severity: 'error',
              source: chaincode.source,
              path: `collections.${i}.name`,
              message: `chaincode "${chaincode.name}" defines collection "${collection.name}" twice`,
              hint: 'Give each private data collection of a chaincode its own name.',
            }),
          );
        }
        names.add(collection.name);
        if (collection.requiredPeerCount > collection.maxPeerCount) {
          found.push(
            reportAt({
              rule: 'collection-config',
              severity: 'error',
              source: chaincode.source,
              path: `collections.${i}.requiredPeerCount`,
              message: `collection "${collection.name}" requires ${collection.requiredPeerCount} peers but allows at most ${collection.maxPeerCount}`,
              hint: 'Set requiredPeerCount to at most maxPeerCount.',
            }),
          );
        }
      });
    }
  }
  return found;
}
