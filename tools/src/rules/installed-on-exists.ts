import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

export function checkInstalledOnExists(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const channel of ctx.model.channels) {
    for (const chaincode of channel.chaincodes) {
      chaincode.installedOn.forEach((orgId, i) => {
        if (ctx.orgsById.has(orgId) || ctx.unloadedOrgIds.has(orgId)) return;
        found.push(
          reportAt({
            rule: 'installed-on-exists',
            severity: 'error',
            source: chaincode.source,
            path: `installedOn.${i}`,
            message: `chaincode "${chaincode.name}" is installed on "${orgId}", which is not an organization`,
            hint: 'List org ids (folder names under orgs/).',
          }),
        );
      });
    }
  }
  return found;
}
