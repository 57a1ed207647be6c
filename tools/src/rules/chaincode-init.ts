import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * With initRequired, Fabric refuses every transaction until Init has been invoked once with
 * --isInit; without it, Fabric refuses --isInit. So `init` (what the commit Job invokes) goes with
 * initRequired: true, and only with it.
 */
export function checkChaincodeInit(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      if (chaincode.initRequired && chaincode.init === undefined)
        found.push(
          reportAt({
            rule: 'chaincode-init',
            severity: 'error',
            source: chaincode.source,
            path: 'initRequired',
            message: `chaincode "${chaincode.name}" requires Init (initRequired: true) but has no init: nothing would ever invoke it, and every transaction would be refused`,
            hint: 'Add `init: { function: InitLedger, args: [] }` with the function Init runs, or set initRequired: false.',
          }),
        );
      else if (!chaincode.initRequired && chaincode.init !== undefined)
        found.push(
          reportAt({
            rule: 'chaincode-init',
            severity: 'error',
            source: chaincode.source,
            path: 'init',
            message: `chaincode "${chaincode.name}" has init but initRequired is false: Fabric refuses an Init invocation for a chaincode that does not require one`,
            hint: 'Set initRequired: true, or remove init.',
          }),
        );
    }
  }
  return found;
}
