import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/** Each etcdraft consenter names an org and one of its orderers, once. */
export function checkConsenterExists(ctx: RuleContext): Diagnostic[] {
  const consortium = ctx.model.consortium;
  if (consortium === undefined) return [];
  const found: Diagnostic[] = [];
  const seen = new Set<string>();
  consortium.ordering.consenters.forEach((consenter, i) => {
    const org = ctx.orgsById.get(consenter.org);
    const key = `${consenter.org}/${consenter.orderer}`;
    if (org === undefined && ctx.unloadedOrgIds.has(consenter.org)) {
      // Its org.yaml did not load; the loader has said why.
    } else if (org === undefined) {
      found.push(
        reportAt({
          rule: 'consenter-exists',
          severity: 'error',
          source: consortium.source,
          path: `ordering.consenters.${i}.org`,
          message: `consenter names org "${consenter.org}", which does not exist`,
          hint: 'Use the id of an organization under orgs/.',
        }),
      );
    } else if (!org.orderers.some((orderer) => orderer.name === consenter.orderer)) {
      found.push(
        reportAt({
          rule: 'consenter-exists',
          severity: 'error',
          source: consortium.source,
          path: `ordering.consenters.${i}.orderer`,
          message: `consenter "${consenter.orderer}" is not an orderer of org "${org.id}" (it has: ${org.orderers.map((o) => o.name).join(', ') || 'no orderers'})`,
          hint: `Declare the orderer under "orderers" in ${org.source.file}, or name one that is declared there.`,
        }),
      );
    } else if (seen.has(key)) {
      found.push(
        reportAt({
          rule: 'consenter-exists',
          severity: 'error',
          source: consortium.source,
          path: `ordering.consenters.${i}`,
          message: `consenter ${key} is listed twice`,
          hint: 'List each orderer once.',
        }),
      );
    }
    seen.add(key);
  });
  return found;
}
