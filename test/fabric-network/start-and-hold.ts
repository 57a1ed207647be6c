// Starts a native network, prints what it made (one JSON line: pids, directories) and waits to be
// killed: the owner process crash.fabric.test.ts kills with SIGKILL, which no handler can catch.
import { live } from '../cluster/process-guard.ts';
import { locateFabricBinaries } from './binaries.ts';
import { startFabricNetwork } from './network.ts';

const lookup = locateFabricBinaries();
if (!lookup.found) throw new Error(lookup.reason);
const network = await startFabricNetwork({ binaries: lookup.binaries });
process.stdout.write(
  `${JSON.stringify({ pids: [...live].map((p) => p.pid), dirs: [network.rootDir, network.repo.dir] })}\n`,
);
setInterval(() => undefined, 1_000);
