import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// Fabric's policy language only accepts principals '<MSPID>.<role>' whose MSP ID matches this, so
// an MSP ID outside it could never be named in a policy.
const mspIdPattern = /^[A-Za-z0-9.-]+$/;

export function checkMspIdFormat(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    if (mspIdPattern.test(org.mspId)) continue;
    found.push(
      reportAt({
        rule: 'msp-id-format',
        severity: 'error',
        source: org.source,
        path: 'mspId',
        message: `MSP ID "${org.mspId}" may contain only letters, digits, "." and "-", so policies could not name it`,
        hint: 'Use an MSP ID such as "AcmeManufacturingMSP" (no spaces or underscores).',
      }),
    );
  }
  return found;
}
