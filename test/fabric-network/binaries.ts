// Where the native network's Fabric binaries are: scripts/build-fabric-tools.sh builds orderer,
// peer, osnadmin, configtxlator and configtxgen into the Fabric tools cache (test/support/
// fabric-tools.ts; CONSORTIUM_FABRIC_BIN_DIR overrides it) and puts Fabric's sample core.yaml and
// orderer.yaml in ../config beside them, the nodes' defaults.
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fabricBinDir, HOW_TO_BUILD_FABRIC_TOOLS } from '../support/fabric-tools.ts';
import { locateCcaasBuilder } from '../fabric/ccaas-builder/locate.ts';

export interface FabricBinaries {
  readonly orderer: string;
  readonly peer: string;
  readonly osnadmin: string;
  readonly configtxlator: string;
  readonly configtxgen: string;
  /** FABRIC_CFG_PATH of the nodes: Fabric's sample core.yaml and orderer.yaml. */
  readonly configDir: string;
  /**
   * The CCaaS external builder's directory (test/fabric/ccaas-builder), configured on every peer
   * when built; undefined otherwise (the peers then cannot install chaincode packages).
   */
  readonly ccaasBuilderDir: string | undefined;
}

export type FabricBinaryLookup =
  { readonly found: true; readonly binaries: FabricBinaries } | { readonly found: false; readonly reason: string };

export function locateFabricBinaries(binDir = fabricBinDir): FabricBinaryLookup {
  const ccaasBuilder = locateCcaasBuilder();
  const binaries: FabricBinaries = {
    orderer: join(binDir, 'orderer'),
    peer: join(binDir, 'peer'),
    osnadmin: join(binDir, 'osnadmin'),
    configtxlator: join(binDir, 'configtxlator'),
    configtxgen: join(binDir, 'configtxgen'),
    configDir: join(dirname(binDir), 'config'),
    ccaasBuilderDir: ccaasBuilder.found ? ccaasBuilder.dir : undefined,
  };
  const missing = [binaries.orderer, binaries.peer, binaries.osnadmin, binaries.configtxlator, binaries.configtxgen]
    .filter((file) => !isExecutable(file))
    .concat(['core.yaml', 'orderer.yaml'].map((f) => join(binaries.configDir, f)).filter((f) => !existsSync(f)));
  if (missing.length > 0)
    return { found: false, reason: `${missing.join(', ')} not found; ${HOW_TO_BUILD_FABRIC_TOOLS}` };
  return { found: true, binaries };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
