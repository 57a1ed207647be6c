// `consortium channel propose NAME --members a,b,c` (and, for a channel channel.yaml already
// describes, `consortium channel propose NAME`: its block 0 only)
import { randomBytes } from 'node:crypto';
import { planChannelPropose, type ChannelProposeOptions } from '../authoring/plan-channel-propose.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';
import type { FileChanges } from '../authoring/file-changes.ts';
import { NONCE_BYTES } from '../fabric/config/config-block.ts';

export async function proposeChannel(
  services: AuthoringServices,
  options: Omit<ChannelProposeOptions, 'genesis'> & { readonly dryRun?: boolean },
): Promise<AuthoringResult<FileChanges>> {
  const genesis = { timestamp: services.now, nonce: new Uint8Array(randomBytes(NONCE_BYTES)) };
  return runAuthoring(services, {
    plan: (model) => planChannelPropose(model, { ...options, genesis }),
    changesOf: (changes) => changes,
    dryRun: options.dryRun ?? false,
  });
}
