// `consortium channel propose NAME --members a,b,c`
import { planChannelPropose, type ChannelProposeOptions } from '../authoring/plan-channel-propose.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';
import type { FileChanges } from '../authoring/file-changes.ts';

export async function proposeChannel(
  services: AuthoringServices,
  options: ChannelProposeOptions & { readonly dryRun?: boolean },
): Promise<AuthoringResult<FileChanges>> {
  return runAuthoring(services, {
    plan: (model) => planChannelPropose(model, options),
    changesOf: (changes) => changes,
    dryRun: options.dryRun ?? false,
  });
}
