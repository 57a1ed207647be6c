// The Fabric images test/node/fabric-images.sh assembled (fabric-images.current names the
// directory; the node imports them with its own images), and the one override that points a
// repository's rendered manifests at them: `fabric.version` and `fabric.images` of
// consortium/consortium.yaml. The images are tagged with what they run (Fabric 3.1.1, Fabric CA
// 1.5.21), not the release the example consortium pins for production (docs/testing.md).
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { readImageList } from './binaries.ts';

export interface FabricImages {
  /** The Fabric release of the peer, orderer and tools binaries, e.g. 3.1.1. */
  readonly fabricVersion: string;
  readonly peer: string;
  readonly orderer: string;
  readonly tools: string;
  /** Undefined when Fabric CA was not built (`notBuilt` says why). */
  readonly ca: string | undefined;
  /** The sample chaincode server; undefined when its source or build is missing. */
  readonly provenance: string | undefined;
  /** Images not built, with the reason (fabric-images.sh's not-built.txt). */
  readonly notBuilt: readonly { readonly image: string; readonly reason: string }[];
}

export type FabricImagesLookup =
  { readonly found: true; readonly images: FabricImages } | { readonly found: false; readonly reason: string };

const REPO = 'localhost/consortium-node/';
export const HOW_TO_BUILD_FABRIC_IMAGES =
  'run scripts/build-fabric-tools.sh, then test/node/fabric-images.sh (as root: mmdebstrap builds the Debian base)';

export function locateFabricImages(env: NodeJS.ProcessEnv = process.env): FabricImagesLookup {
  const cacheRoot =
    env['CONSORTIUM_CACHE_DIR'] ?? join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'consortium-gitops');
  const current = join(cacheRoot, 'fabric-images.current');
  if (!existsSync(current))
    return { found: false, reason: `no Fabric images under ${cacheRoot}; ${HOW_TO_BUILD_FABRIC_IMAGES}` };
  const dir = readFileSync(current, 'utf8').trim();
  let list;
  try {
    list = readImageList(dir);
  } catch {
    return { found: false, reason: `${join(dir, 'images.list')} unreadable; ${HOW_TO_BUILD_FABRIC_IMAGES}` };
  }
  const missing = list.filter((image) => !existsSync(image.file)).map((image) => image.file);
  if (missing.length > 0)
    return { found: false, reason: `${missing.join(', ')} missing; ${HOW_TO_BUILD_FABRIC_IMAGES}` };
  const ref = (name: string) => list.find((image) => image.ref.startsWith(`${REPO}${name}:`))?.ref;
  const peer = ref('fabric-peer');
  const orderer = ref('fabric-orderer');
  const tools = ref('fabric-tools');
  if (peer === undefined || orderer === undefined || tools === undefined) {
    return { found: false, reason: `${dir} lacks the peer, orderer or tools image; ${HOW_TO_BUILD_FABRIC_IMAGES}` };
  }
  const notBuiltFile = join(dir, 'not-built.txt');
  const notBuilt = (existsSync(notBuiltFile) ? readFileSync(notBuiltFile, 'utf8') : '')
    .split('\n')
    .filter((line) => line.includes(': '))
    .map((line) => {
      const at = line.indexOf(': ');
      return { image: line.slice(0, at), reason: line.slice(at + 2) };
    });
  return {
    found: true,
    images: {
      fabricVersion: peer.slice(peer.lastIndexOf(':') + 1),
      peer,
      orderer,
      tools,
      ca: ref('fabric-ca'),
      provenance: ref('provenance'),
      notBuilt,
    },
  };
}

/**
 * consortium.yaml's text with `fabric.version` and the peer, orderer, tools (and CA, when built)
 * images replaced by the test node's; comments and everything else kept. CouchDB is left as it
 * is: it cannot be built here, so node tests run LevelDB peers.
 */
export function withNodeFabricImages(consortiumYaml: string, images: FabricImages): string {
  const doc = parseDocument(consortiumYaml);
  doc.setIn(['fabric', 'version'], images.fabricVersion);
  doc.setIn(['fabric', 'images', 'peer'], images.peer);
  doc.setIn(['fabric', 'images', 'orderer'], images.orderer);
  doc.setIn(['fabric', 'images', 'tools'], images.tools);
  if (images.ca !== undefined) doc.setIn(['fabric', 'images', 'ca'], images.ca);
  return doc.toString({ lineWidth: 0 });
}

/** Applies withNodeFabricImages to `<repoDir>/consortium/consortium.yaml`. */
export async function useNodeFabricImages(repoDir: string, images: FabricImages): Promise<void> {
  const file = join(repoDir, 'consortium', 'consortium.yaml');
  await writeFile(file, withNodeFabricImages(await readFile(file, 'utf8'), images));
}
