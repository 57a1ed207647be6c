import type { Diagnostic } from '../model/diagnostic.ts';
import { memoryBytes, WORKLOAD_KINDS, workloadSizes } from '../model/workload-sizes.ts';
import type { RuleContext } from './context.ts';
import { reportAt } from './report.ts';

// The API server refuses a container whose memory request exceeds its limit, and only when the
// member's reconcile applies it; say so here, where the numbers are written.
export function checkWorkloadResources(ctx: RuleContext): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const org of ctx.model.orgs) {
    for (const kind of WORKLOAD_KINDS) {
      const override = org.cluster.resources?.[kind];
      if (override === undefined) continue;
      const sizes = workloadSizes(org, kind);
      const request = memoryBytes(sizes.memory);
      const limit = memoryBytes(sizes.memoryLimit);
      if (request === undefined || limit === undefined || request <= limit) continue;
      found.push(
        reportAt({
          rule: 'workload-resources',
          severity: 'error',
          source: org.source,
          // At the number the member wrote: the request, or the limit when only that was set.
          path: `cluster.resources.${kind}.${override.memory === undefined ? 'memoryLimit' : 'memory'}`,
          message: `the ${kind} memory request ${sizes.memory} of org "${org.id}" is more than its memory limit ${sizes.memoryLimit}; Kubernetes refuses such a container`,
          hint: `Raise cluster.resources.${kind}.memoryLimit to at least ${sizes.memory}, or lower memory.`,
        }),
      );
    }
  }
  return found;
}
