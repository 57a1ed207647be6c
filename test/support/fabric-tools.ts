// Where the Fabric tools built by scripts/build-fabric-tools.sh live: policydsl-conformance
// (Fabric's own policy parser) and configtxgen. Override with CONSORTIUM_FABRIC_BIN_DIR.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Keep in step with FABRIC_COMMIT in scripts/build-fabric-tools.sh (Fabric v3.1.1). */
export const FABRIC_SHORT_COMMIT = '435a7f1a780a';

export const fabricBinDir: string =
  process.env['CONSORTIUM_FABRIC_BIN_DIR'] ??
  join(
    process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'),
    'consortium-gitops',
    `fabric-${FABRIC_SHORT_COMMIT}`,
    'bin',
  );

export const configtxgenPath = join(fabricBinDir, 'configtxgen');
export const policydslConformancePath = join(fabricBinDir, 'policydsl-conformance');

export const HOW_TO_BUILD_FABRIC_TOOLS =
  'run scripts/build-fabric-tools.sh (needs Go; builds from the Go module proxy into ~/.cache/consortium-gitops/), ' +
  'or point CONSORTIUM_FABRIC_BIN_DIR at a directory holding the binaries';
