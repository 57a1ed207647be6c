import { chmod, mkdir, realpath, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { OrgPki } from './generate-org-pki.ts';
import { isInside, locateKeyDirectory, resolveThroughLinks } from './key-location.ts';

export interface WriteOrgPkiOptions {
  readonly pki: OrgPki;
  /** Root of the consortium repository. */
  readonly repoRoot: string;
  /** Where the public files go, normally <repoRoot>/orgs/<org-id>/msp. Must be inside the repository. */
  readonly mspDir: string;
  /**
   * Where private keys go: a directory OUTSIDE the repository, created with mode 0700, keys 0600
   * under <keyDir>/<org-id>/. Undefined: keys are discarded.
   */
  readonly keyDir?: string;
}

export interface WrittenOrgPki {
  /** Absolute paths of the files written. */
  readonly certificates: readonly string[];
  readonly keys: readonly string[];
}

/**
 * Writes certificates into the repository and keys only outside it. Refuses (before writing
 * anything) a key directory inside the repository, including one reached through a symbolic link.
 */
export async function writeOrgPki(options: WriteOrgPkiOptions): Promise<WrittenOrgPki> {
  const { pki } = options;
  const repoRoot = await realpath(resolve(options.repoRoot));
  const mspDir = resolve(options.mspDir);
  if (!isInside(repoRoot, await resolveThroughLinks(mspDir))) {
    throw new Error(`the MSP folder ${mspDir} is not inside the repository ${repoRoot}`);
  }
  let keyDir: string | undefined;
  if (options.keyDir !== undefined) {
    keyDir = join(resolve(options.keyDir), pki.orgId);
    const location = await locateKeyDirectory({ keyDir, repoDir: repoRoot });
    if (location.insideRepository) {
      throw new Error(
        `refusing to write private keys to ${keyDir}: it is inside the repository ${repoRoot}. Choose a directory outside it (the repository holds public certificates only).`,
      );
    }
  }

  await mkdir(mspDir, { recursive: true });
  const certificates: string[] = [];
  for (const [file, contents] of [
    ['ca.pem', pki.certificates.ca],
    ['tlsca.pem', pki.certificates.tlsCa],
    ['admin.pem', pki.certificates.admin],
    ['config.yaml', pki.nodeOusConfig],
  ] as const) {
    const path = join(mspDir, file);
    await writeFile(path, contents, { mode: 0o644 });
    certificates.push(path);
  }

  const keys: string[] = [];
  if (keyDir !== undefined) {
    await mkdir(keyDir, { recursive: true, mode: 0o700 });
    for (const [file, contents] of [
      ['ca-key.pem', pki.keys.ca],
      ['tlsca-key.pem', pki.keys.tlsCa],
      ['admin-key.pem', pki.keys.admin],
    ] as const) {
      const path = join(keyDir, file);
      await writeFile(path, contents, { mode: 0o600 });
      // writeFile's mode applies only when it creates the file; an existing file keeps its own.
      await chmod(path, 0o600);
      keys.push(path);
    }
  }
  return { certificates, keys };
}
