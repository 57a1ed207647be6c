// `consortium org remove ID`
import { planOrgRemove, type OrgRemovePlan } from '../authoring/plan-org-remove.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';

export async function removeOrg(
  services: AuthoringServices,
  options: { readonly id: string; readonly dryRun?: boolean },
): Promise<AuthoringResult<OrgRemovePlan>> {
  return runAuthoring(services, {
    plan: (model) => planOrgRemove(model, options),
    changesOf: (plan) => plan.changes,
    dryRun: options.dryRun ?? false,
  });
}
