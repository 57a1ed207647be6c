// Whether a native Fabric network can run here: the Fabric binaries are built and this machine
// lets the test create a network namespace. When not, the suite is skipped and the reason is
// recorded for `npm test`'s list of suites that could not run.
import { recordSkip } from '../support/requirements.ts';
import { locateFabricBinaries, type FabricBinaries } from './binaries.ts';
import { sandboxUnavailable } from './sandbox.ts';

export type NetworkAvailability =
  | { readonly available: true; readonly binaries: FabricBinaries }
  | { readonly available: false; readonly reason: string };

export function fabricNetworkAvailability(suite: string): NetworkAvailability {
  const lookup = locateFabricBinaries();
  const reason = lookup.found ? sandboxUnavailable() : lookup.reason;
  if (reason !== undefined || !lookup.found) {
    const why = reason ?? 'the Fabric binaries are missing';
    recordSkip(suite, why);
    return { available: false, reason: why };
  }
  return { available: true, binaries: lookup.binaries };
}
