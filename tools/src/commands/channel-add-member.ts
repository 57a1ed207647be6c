// `consortium channel add-member NAME ORG`
import { planChannelAddMember, type ChannelAddMemberPlan } from '../authoring/plan-channel-add-member.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';

export async function addChannelMember(
  services: AuthoringServices,
  options: { readonly channel: string; readonly org: string; readonly dryRun?: boolean },
): Promise<AuthoringResult<ChannelAddMemberPlan>> {
  return runAuthoring(services, {
    plan: (model) => planChannelAddMember(model, options),
    changesOf: (plan) => plan.changes,
    dryRun: options.dryRun ?? false,
  });
}
