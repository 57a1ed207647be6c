// The example consortium as its members would hold it: a copy whose organizations each have a
// fresh PKI with the private keys in a key directory outside the copy, laid out as `org init`
// lays it out (<keys>/<org>/{ca,tlsca,admin}-key.pem), and every channel's block 0 made again
// from those certificates (scripts/example-pki.ts). The committed example certificates have no
// keys anywhere, so a test that changes a channel on the ledger signs its config update with these.
//
//   const keyed = await createKeyedExample();
//   await runCli(['channel', 'sign', 'recalls', '--org', 'retailer', '--key-dir', keyed.keys], ...);
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reissueExamplePki, type ReissuedPki } from '../../scripts/example-pki.ts';
import { copyExampleRepo } from './example-repo.ts';

export interface KeyedExample {
  /** The repository copy (consortium/, orgs/, channels/). */
  readonly dir: string;
  /** `--key-dir` for `channel sign`. */
  readonly keys: string;
  readonly ordererTls: ReissuedPki['ordererTls'];
  remove(): Promise<void>;
}

export async function createKeyedExample(options: { readonly now?: Date } = {}): Promise<KeyedExample> {
  const example = await copyExampleRepo();
  const keysParent = await mkdtemp(join(tmpdir(), 'consortium-example-keys-'));
  const remove = async () => {
    await example.remove();
    await rm(keysParent, { recursive: true, force: true });
  };
  try {
    const keys = join(keysParent, 'keys');
    const { ordererTls } = await reissueExamplePki({
      repoRoot: example.dir,
      keyDir: keys,
      validityDays: 365,
      now: options.now ?? new Date(),
    });
    return { dir: example.dir, keys, ordererTls, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}
