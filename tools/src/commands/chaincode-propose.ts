// `consortium chaincode propose CHANNEL NAME --version V --image I`
import {
  planChaincodePropose,
  type ChaincodeProposeOptions,
  type ChaincodeProposePlan,
} from '../authoring/plan-chaincode-propose.ts';
import { runAuthoring, type AuthoringResult, type AuthoringServices } from '../authoring/run-authoring.ts';

export async function proposeChaincode(
  services: AuthoringServices,
  options: ChaincodeProposeOptions & { readonly dryRun?: boolean },
): Promise<AuthoringResult<ChaincodeProposePlan>> {
  return runAuthoring(services, {
    plan: (model, context) => planChaincodePropose(model, options, context.committed),
    changesOf: (plan) => plan.changes,
    dryRun: options.dryRun ?? false,
  });
}
