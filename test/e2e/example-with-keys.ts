// The example consortium as its members would run it, in a temporary Git repository: the
// committed certificates of the template have no keys anywhere (they only need to validate and
// render), so every org's CA, TLS CA, admin and orderer TLS certificates are made again with
// scripts/example-pki.ts, their keys kept in a key directory outside the repository laid out as
// `org init` and `org secrets` expect, together with each channel's block 0 (the consenters' TLS
// certificates are pinned in it). Peers keep their world state in LevelDB: CouchDB cannot be
// built or installed on the test machine.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyExampleRepo, type ExampleRepo } from '../support/example-repo.ts';
import { reissueExamplePki } from '../../scripts/example-pki.ts';
import { consenterKeyFile } from '../../tools/src/commands/org-secrets.ts';

export interface ExampleWithKeys {
  readonly repo: ExampleRepo;
  /** The key directory `org init` would have written: <dir>/<org>/{ca,tlsca,admin}-key.pem, orderers/. */
  readonly keyDir: string;
  readonly orgs: readonly string[];
  readonly channels: readonly string[];
  remove(): Promise<void>;
}

export interface ExampleWithKeysOptions {
  /** A change to the copy before block 0 is proposed (e.g. the images the cluster runs). */
  readonly prepare?: (repo: ExampleRepo, orgs: readonly string[], channels: readonly string[]) => Promise<void>;
}

export async function exampleWithKeys(options: ExampleWithKeysOptions = {}): Promise<ExampleWithKeys> {
  const repo = await copyExampleRepo();
  const keyDir = await mkdtemp(join(tmpdir(), 'consortium-e2e-keys-'));
  try {
    const orgs = (await readdir(join(repo.dir, 'orgs'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    const channels = (await readdir(join(repo.dir, 'channels'), { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    for (const org of orgs)
      await repo.edit(`orgs/${org}/org.yaml`, (text) => text.replaceAll('stateDb: couchdb', 'stateDb: leveldb'));
    await options.prepare?.(repo, orgs, channels);
    // New certificates and block 0 together, from the prepared copy (its anchor peers included).
    const { ordererTls } = await reissueExamplePki({ repoRoot: repo.dir, keyDir, validityDays: 365, now: new Date() });
    // The consenters' TLS keys go where `org secrets` reads them: each member provides its pinned pair.
    for (const [name, issued] of ordererTls) {
      const [org = '', orderer = ''] = name.split('/');
      await writeFile(join(keyDir, org, consenterKeyFile(orderer)), issued.key, { mode: 0o600 });
    }
    const validation = await repo.validate();
    if (!validation.ok)
      throw new Error(
        `the example with new keys does not validate:\n${JSON.stringify(validation.diagnostics, null, 2)}`,
      );
    // A repository with one commit: what every member's reconcile reads.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo.dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('-c', 'user.name=e2e', '-c', 'user.email=e2e@consortium.test', 'commit', '-qm', 'the example consortium');
    return {
      repo,
      keyDir,
      orgs,
      channels,
      async remove() {
        await repo.remove();
        await rm(keyDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await repo.remove();
    await rm(keyDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Requests small enough for the three members to share one node of a two-core machine (or a
 * laptop's kind cluster): the defaults are sized for production clusters.
 */
export const SMALL_RESOURCES = `  resources:
    peer: { cpu: 50m, memory: 128Mi }
    orderer: { cpu: 50m, memory: 128Mi }
    ca: { cpu: 10m, memory: 32Mi }
    couchdb: { cpu: 10m, memory: 64Mi }
    chaincode: { cpu: 10m, memory: 32Mi }
    job: { cpu: 10m, memory: 32Mi }
`;

/**
 * One peer per org: render keeps an org's peers on different nodes (required anti-affinity,
 * docs/render.md "Availability"), and the test cluster has one node. Anchor peers move to peer0.
 */
export async function useOnePeerPerOrg(
  repo: ExampleRepo,
  orgs: readonly string[],
  channels: readonly string[],
): Promise<void> {
  for (const org of orgs) {
    const file = `orgs/${org}/org.yaml`;
    const text = await repo.read(file);
    const single = text.replace(/^ {2}- name: peer[1-9]\n(?: {4}.*\n)*/gm, '');
    if (single !== text) await repo.write(file, single);
  }
  for (const channel of channels) {
    const file = `channels/${channel}/channel.yaml`;
    const text = await repo.read(file);
    const anchored = text.replace(/^( {4}peer: )peer[1-9]$/gm, '$1peer0');
    if (anchored !== text) await repo.write(file, anchored);
  }
}

export async function useSmallResources(repo: ExampleRepo, orgs: readonly string[]): Promise<void> {
  for (const org of orgs)
    await repo.edit(`orgs/${org}/org.yaml`, (text) =>
      text.replace(/^( {2}storageClass: .*\n)/m, `$1${SMALL_RESOURCES}`),
    );
}

/**
 * Gateway API for every member, on the cluster's GatewayClass: the example keeps one member on
 * ingress-nginx (an option render still offers), but the node serves Gateway API only (Traefik;
 * ingress-nginx is retired), so that member's orderer and peer would be unreachable by their
 * external names; the others name `traefik`, which a user's cluster may call otherwise.
 */
export async function useGatewayApi(
  repo: ExampleRepo,
  orgs: readonly string[],
  gatewayClassName: string,
): Promise<void> {
  for (const org of orgs) {
    const file = `orgs/${org}/org.yaml`;
    const text = await repo.read(file);
    const onGateway = text
      .replace(
        /^( {2}ingress:\n)(?: {4}#.*\n)*(?: {4}kind: ingress-nginx\n)(?: {4}className: .*\n)/m,
        `$1    className: ${gatewayClassName}\n`,
      )
      .replace(/^( {2}ingress:\n(?: {4}#.*\n)*)( {4}className: ).*$/m, `$1$2${gatewayClassName}`);
    if (onGateway !== text) await repo.write(file, onGateway);
  }
}

/** One storage class for every member's volumes: a user's cluster serves its own, not the example's. */
export async function useStorageClass(repo: ExampleRepo, orgs: readonly string[], storageClass: string): Promise<void> {
  for (const org of orgs)
    await repo.edit(`orgs/${org}/org.yaml`, (text) => text.replace(/^( {2}storageClass: ).*$/m, `$1${storageClass}`));
}

/**
 * Chaincode servers from images the node holds: the sample's own image for provenance, and no
 * chaincode whose image only a remote registry has (the node must never reach for one).
 */
export async function useLocalChaincodeImages(repo: ExampleRepo, provenanceImage: string | undefined): Promise<void> {
  for (const channel of await readdir(join(repo.dir, 'channels'))) {
    const dir = join(repo.dir, 'channels', channel, 'chaincodes');
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files) {
      const path = `channels/${channel}/chaincodes/${file}`;
      if (file === 'provenance.yaml' && provenanceImage !== undefined)
        await repo.edit(path, (text) => text.replace(/^image: .*$/m, `image: ${provenanceImage}`));
      else await rm(join(repo.dir, path));
    }
  }
}
