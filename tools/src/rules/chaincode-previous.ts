import type { Diagnostic } from '../model/diagnostic.ts';
import { chaincodeServerName } from '../model/resource-names.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * `previous` keeps the committed version's chaincode server running beside the new version's
 * during an upgrade. It only makes sense for an upgrade (sequence 2 or more) to another version
 * whose server gets other object names: with the same names both would be one Deployment, and the
 * peers would lose the committed version's server the moment the new one is applied. And with
 * initRequired, Fabric refuses every transaction of a new version until its Init ran, so that
 * upgrade has a gap after all (between the commit and the commit Job's Init): a warning.
 */
// Fabric: core/chaincode/chaincode_support.go CheckInvocation
export function checkChaincodePrevious(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const cc of channel.chaincodes) {
      if (cc.previous === undefined) continue;
      const report = (path: string, message: string, hint: string, severity: 'error' | 'warning' = 'error') =>
        found.push(reportAt({ rule: 'chaincode-previous', severity, source: cc.source, path, message, hint }));
      if (cc.sequence < 2) {
        report(
          'previous.version',
          `chaincode "${cc.name}" has previous (version ${cc.previous.version}) but sequence ${cc.sequence}: only an upgrade follows a committed version`,
          'Remove previous, or set sequence to the committed sequence + 1.',
        );
      } else if (chaincodeServerName(cc) === chaincodeServerName({ ...cc, version: cc.previous.version })) {
        report(
          'previous.version',
          `chaincode "${cc.name}": previous version ${cc.previous.version} and version ${cc.version} would run as the same Deployment "${chaincodeServerName(cc)}", so the committed version's server could not run beside the new one`,
          'An upgrade that keeps the version needs no previous: remove it. Otherwise give the new version a name that differs in more than case and the characters . _ +.',
        );
      } else if (cc.initRequired) {
        report(
          'initRequired',
          `chaincode "${cc.name}" is upgraded to ${cc.version} with initRequired: true: Fabric refuses every transaction of the new version from its commit until the commit Job's Init call has committed`,
          'If the new version needs no Init (what the first Init recorded stays on the ledger), set initRequired: false and remove init for this upgrade.',
          'warning',
        );
      }
    }
  }
  return found;
}
