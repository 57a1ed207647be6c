// Where the CCaaS external builder of this directory is built: build.sh puts it under
// ~/.cache/consortium-gitops/ccaas-builder-<source hash>/, whose bin/ holds detect, build and
// release. That directory is the `path` of a peer's chaincode.externalBuilders entry, for the
// native test network (test/fabric-network) as for the peer image (/opt/hyperledger/ccaas_builder).
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolsSourceHash } from '../../node/binaries.ts';

export const CCAAS_BUILDER_SOURCE_DIR = dirname(fileURLToPath(import.meta.url));
export const HOW_TO_BUILD_CCAAS_BUILDER = 'run test/fabric/ccaas-builder/build.sh (needs Go)';

export type CcaasBuilderLookup =
  { readonly found: true; readonly dir: string } | { readonly found: false; readonly reason: string };

export function ccaasBuilderDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot =
    env['CONSORTIUM_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'consortium-gitops');
  return join(cacheRoot, `ccaas-builder-${toolsSourceHash(CCAAS_BUILDER_SOURCE_DIR)}`);
}

export function locateCcaasBuilder(env: NodeJS.ProcessEnv = process.env): CcaasBuilderLookup {
  const dir = ccaasBuilderDir(env);
  const missing = ['detect', 'build', 'release'].map((step) => join(dir, 'bin', step)).filter((f) => !isExecutable(f));
  if (missing.length > 0)
    return { found: false, reason: `${missing.join(', ')} not found; ${HOW_TO_BUILD_CCAAS_BUILDER}` };
  return { found: true, dir };
}

/** The value of CORE_CHAINCODE_EXTERNALBUILDERS naming the builder in `dir` (core.yaml's name). */
export function externalBuildersEnv(dir: string): string {
  return JSON.stringify([{ name: 'ccaas_builder', path: dir }]);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
