import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// Fabric's chaincode version rule (lifecycle ChaincodeDefinition.version).
const versionPattern = /^[A-Za-z0-9_.+-]+$/;

export function checkChaincodeVersion(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      if (versionPattern.test(chaincode.version)) continue;
      found.push(
        reportAt({
          rule: 'chaincode-version',
          severity: 'error',
          source: chaincode.source,
          path: 'version',
          message: `chaincode version "${chaincode.version}" may contain only letters, digits, "_", ".", "+" and "-"`,
          hint: 'Use a version such as "1.4.0" or "2.0.0-rc.1".',
        }),
      );
    }
  }
  return found;
}
