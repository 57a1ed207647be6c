// The repository a native network runs from: a copy of the example consortium whose members get
// a fresh PKI per run from the project's own generator (the committed example certificates have no
// private keys anywhere). Each org's CA, TLS CA and admin certificate replace the committed ones,
// each consenter gets a TLS certificate from its org's TLS CA committed where org.yaml says, the
// keys go to a key directory outside the copy laid out as `org init` lays it out
// (<keys>/<org>/{ca,tlsca,admin}-key.pem), and every channel gets its genesis.block built from
// the copy by the toolkit (buildChannelConfig, genesisBlock), so block 0 carries exactly the
// repository's certificates and consenters.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import type { ConsortiumModel, Organization } from '../../tools/src/model/types.ts';
import { ordererHost, ordererTlsHosts } from '../../tools/src/model/endpoints.ts';
import { generateOrgPki, type OrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate, type IssuedTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { writeOrgPki } from '../../tools/src/pki/write-org-pki.ts';
import { buildChannelConfig } from '../../tools/src/fabric/config/build-channel-config.ts';
import { genesisBlock, NONCE_BYTES } from '../../tools/src/fabric/config/config-block.ts';
import { copyExampleRepo } from '../support/example-repo.ts';

export interface NetworkRepo {
  readonly dir: string;
  /** Parent of the per-org key folders, outside the repository (`--key-dir` of org init). */
  readonly keysRoot: string;
  /** Consenter TLS certificates with their keys, by "<org>/<orderer>". */
  readonly ordererTls: ReadonlyMap<string, IssuedTlsCertificate>;
}

export async function loadModel(dir: string): Promise<ConsortiumModel> {
  const { model, diagnostics } = await loadRepository(createFilesystemReader(dir));
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0)
    throw new Error(
      `the network's repository does not load: ${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('; ')}`,
    );
  return model;
}

/** The org's PKI as `org init` left it: certificates in the repository, keys in <keysRoot>/<org>/. */
export async function readOrgPki(repoDir: string, keysRoot: string, org: Organization): Promise<OrgPki> {
  const orgDir = dirname(org.source.file);
  const text = (path: string) => readFile(path, 'utf8');
  // Model paths of certificates are repository-relative.
  const admin = org.msp.adminCerts[0];
  if (admin === undefined) throw new Error(`${org.id} lists no admin certificate`);
  return {
    orgId: org.id,
    mspId: org.mspId,
    certificates: {
      ca: await text(join(repoDir, org.msp.caCert)),
      tlsCa: await text(join(repoDir, org.msp.tlsCaCert)),
      admin: await text(join(repoDir, admin)),
    },
    keys: {
      ca: await text(join(keysRoot, org.id, 'ca-key.pem')),
      tlsCa: await text(join(keysRoot, org.id, 'tlsca-key.pem')),
      admin: await text(join(keysRoot, org.id, 'admin-key.pem')),
    },
    nodeOusConfig: await text(join(repoDir, orgDir, 'msp', 'config.yaml')),
  };
}

export async function createNetworkRepo(options: { readonly root: string }): Promise<NetworkRepo> {
  const example = await copyExampleRepo();
  try {
    const dir = example.dir;
    const keysRoot = join(options.root, 'keys');
    await mkdir(keysRoot, { recursive: true, mode: 0o700 });
    const ordererTls = new Map<string, IssuedTlsCertificate>();
    const now = new Date();
    for (const org of (await loadModel(dir)).orgs) {
      const orgDir = join(dir, dirname(org.source.file));
      const pki = await generateOrgPki({
        orgId: org.id,
        mspId: org.mspId,
        domain: org.domain,
        organizationName: org.displayName,
        validity: { days: 365 },
        now,
      });
      // The example keeps its certificates at msp/{ca,tlsca,admin}.pem, where writeOrgPki writes them.
      await writeOrgPki({ pki, repoRoot: dir, mspDir: join(orgDir, 'msp'), keyDir: keysRoot });
      for (const orderer of org.orderers) {
        // Every name a client dials (the rule orderer-tls-certificate checks them all).
        const [, ...alternativeNames] = ordererTlsHosts(org, orderer);
        const issued = await issueTlsCertificate({
          issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
          host: ordererHost(org, orderer),
          alternativeNames,
          organization: org.displayName,
          validity: { days: 365 },
          now,
        });
        ordererTls.set(`${org.id}/${orderer.name}`, issued);
        if (orderer.tlsCert !== undefined) await writeFile(join(dir, orderer.tlsCert), issued.certificate);
      }
    }
    await writeGenesisBlocks(dir);
    return { dir, keysRoot, ordererTls };
  } catch (error) {
    // The caller only learns of the copy on success; a failed start must not leave it behind.
    await example.remove();
    throw error;
  }
}

/** channels/<ch>/genesis.block for every channel, built by the toolkit from the copy's model. */
async function writeGenesisBlocks(dir: string): Promise<void> {
  const model = await loadModel(dir);
  for (const channel of model.channels) {
    const block = genesisBlock(buildChannelConfig(model, channel.name), channel.name, {
      timestamp: new Date(),
      nonce: randomBytes(NONCE_BYTES),
    });
    await writeFile(join(dir, 'channels', channel.name, 'genesis.block'), block);
  }
}
