import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/** Fabric numbers chaincode definitions 1, 2, 3, ...; anything else can never be committed. */
export function checkChaincodeSequence(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      const sequence = chaincode.sequence;
      if (Number.isSafeInteger(sequence) && sequence >= 1) continue;
      found.push(
        reportAt({
          rule: 'chaincode-sequence',
          severity: 'error',
          source: chaincode.source,
          path: 'sequence',
          message: `chaincode sequence ${String(sequence)} is not a positive integer`,
          hint: 'Use 1 for the first definition and the committed sequence + 1 for each upgrade.',
        }),
      );
    }
  }
  return found;
}
