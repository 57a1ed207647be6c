import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// Fabric's chaincode lifecycle name rule, and the names of its system chaincodes.
const chaincodeNamePattern = /^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/;
const reservedNames: ReadonlySet<string> = new Set(['cscc', 'escc', 'lscc', 'qscc', 'vscc', '_lifecycle']);

export function checkChaincodeName(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      const name = chaincode.name;
      let problem: string | undefined;
      if (reservedNames.has(name.toLowerCase())) problem = 'is the name of a Fabric system chaincode';
      else if (!chaincodeNamePattern.test(name))
        problem = 'must be letters and digits, optionally joined by single "-" or "_"';
      if (problem === undefined) continue;
      found.push(
        reportAt({
          rule: 'chaincode-name',
          severity: 'error',
          source: chaincode.source,
          path: 'name',
          message: `chaincode name "${name}" ${problem}`,
          hint: 'Choose a name matching ^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$ that is not cscc, escc, lscc, qscc or vscc.',
        }),
      );
    }
  }
  return found;
}
