// `consortium channel import NAME --block FILE`: adopt a running channel from its config block.
import {
  planChannelImport,
  type ChannelImportOptions,
  type ChannelImportPlan,
} from '../authoring/plan-channel-genesis.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';

export async function importChannel(
  services: AuthoringServices,
  options: ChannelImportOptions & { readonly dryRun?: boolean },
): Promise<AuthoringResult<ChannelImportPlan>> {
  return runAuthoring(services, {
    plan: (model) => planChannelImport(model, options),
    changesOf: (plan) => plan.changes,
    dryRun: options.dryRun ?? false,
  });
}
