import type { Diagnostic } from '../model/diagnostic.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

/**
 * Raft tolerates floor((n-1)/2) failed consenters: fewer than 3 tolerate none, and an even count
 * tolerates no more than one fewer would. Consenters all run by one org put the whole ordering
 * service in that org's hands, which defeats the point of a consortium.
 */
export function checkEtcdraftConsenters(ctx: RuleContext): Diagnostic[] {
  const consortium = ctx.model.consortium;
  if (consortium === undefined) return [];
  const consenters = consortium.ordering.consenters;
  const at = { source: consortium.source, path: 'ordering.consenters' };
  const n = consenters.length;
  if (n === 0) {
    return [
      reportAt({
        ...at,
        rule: 'etcdraft-consenters',
        severity: 'error',
        message: 'the ordering service has no consenters',
        hint: 'List at least three consenters ({org, orderer}) contributed by different members.',
      }),
    ];
  }
  const found: Diagnostic[] = [];
  if (n < 3 || n % 2 === 0) {
    const tolerated = Math.floor((n - 1) / 2);
    found.push(
      reportAt({
        ...at,
        rule: 'etcdraft-consenters',
        severity: 'warning',
        message: `${n} etcdraft consenter${n === 1 ? '' : 's'} tolerate${n === 1 ? 's' : ''} ${tolerated} failure${tolerated === 1 ? '' : 's'}; use an odd number of at least 3`,
        hint:
          n < 3
            ? 'Add consenters until there are 3 (tolerates 1 failure) or 5 (tolerates 2).'
            : `Use ${n - 1} or ${n + 1} consenters: an even count adds load without tolerating more failures.`,
      }),
    );
  }
  const orgs = new Set(consenters.map((c) => c.org));
  if (n > 1 && orgs.size === 1) {
    found.push(
      reportAt({
        ...at,
        rule: 'etcdraft-consenters',
        severity: 'warning',
        message: `all ${n} consenters are run by org "${[...orgs][0] ?? ''}"`,
        hint: 'Have at least two members contribute consenters, so no single company controls ordering.',
      }),
    );
  }
  return found;
}
