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

/** Keep in step with FABRIC_CA_VERSION in scripts/build-fabric-tools.sh. */
export const FABRIC_CA_VERSION = 'v1.5.21';

/** fabric-ca-server and fabric-ca-client (scripts/build-fabric-ca.sh). Override with CONSORTIUM_FABRIC_CA_BIN_DIR. */
export const fabricCaBinDir: string =
  process.env['CONSORTIUM_FABRIC_CA_BIN_DIR'] ??
  join(
    process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'),
    'consortium-gitops',
    `fabric-ca-${FABRIC_CA_VERSION}`,
    'bin',
  );

export const HOW_TO_BUILD_FABRIC_CA =
  "run scripts/build-fabric-tools.sh (needs Go and a C compiler for fabric-ca-server's SQLite; builds from the Go module proxy into ~/.cache/consortium-gitops/), " +
  'or point CONSORTIUM_FABRIC_CA_BIN_DIR at a directory holding fabric-ca-server and fabric-ca-client';
