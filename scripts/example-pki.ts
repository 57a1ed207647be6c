// A fresh PKI for a consortium repository made from the template, and the channels' block 0 made
// again to match it. Block 0 carries every member's MSP certificates and every consenter's TLS
// certificate, so new certificates and an old block would disagree: both are made together.
//
// This is for a consortium that has not run anywhere yet (the template's example, a demo or test
// copy of it). A channel that already has config updates has a ledger history that a new block 0
// would orphan: such a repository is refused.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { createFilesystemReader } from '../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import type { ConsortiumModel } from '../tools/src/model/types.ts';
import { ordererTlsHosts } from '../tools/src/model/endpoints.ts';
import { generateOrgPki } from '../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate, type IssuedTlsCertificate } from '../tools/src/pki/issue-tls-certificate.ts';
import { writeOrgPki } from '../tools/src/pki/write-org-pki.ts';
import { buildChannelConfig } from '../tools/src/fabric/config/build-channel-config.ts';
import { genesisBlock, NONCE_BYTES } from '../tools/src/fabric/config/config-block.ts';

export interface ReissueOptions {
  readonly repoRoot: string;
  /** Where the private keys go (<keyDir>/<org>/{ca,tlsca,admin}-key.pem), outside the repository; discarded when undefined. */
  readonly keyDir?: string | undefined;
  /** Only the TLS CAs and the orderer TLS certificates; the CA, admin and config.yaml files stay. */
  readonly tlsOnly?: boolean;
  readonly validityDays: number;
  readonly now: Date;
}

export interface ReissuedPki {
  /** Consenter TLS certificates with their keys (never written to the repository), by "<org>/<orderer>". */
  readonly ordererTls: ReadonlyMap<string, IssuedTlsCertificate>;
  /** Repository-relative paths written. */
  readonly written: readonly string[];
}

export async function reissueExamplePki(options: ReissueOptions): Promise<ReissuedPki> {
  const { repoRoot, now } = options;
  const before = await loadModel(repoRoot);
  for (const channel of before.channels) {
    if (existsSync(join(repoRoot, 'channels', channel.name, 'updates')))
      throw new Error(
        `channels/${channel.name}/updates exists: the channel has a ledger history, and a new block 0 would orphan it`,
      );
  }
  const written: string[] = [];
  const ordererTls = new Map<string, IssuedTlsCertificate>();
  const validity = { days: options.validityDays };
  for (const org of [...before.orgs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const pki = await generateOrgPki({
      orgId: org.id,
      mspId: org.mspId,
      domain: org.domain,
      organizationName: org.displayName,
      validity,
      now,
    });
    const mspDir = join(repoRoot, dirname(org.source.file), 'msp');
    if (options.tlsOnly === true) {
      await writeFile(join(repoRoot, org.msp.tlsCaCert), pki.certificates.tlsCa, { mode: 0o644 });
      written.push(org.msp.tlsCaCert);
    } else {
      const result = await writeOrgPki({
        pki,
        repoRoot,
        mspDir,
        ...(options.keyDir === undefined ? {} : { keyDir: options.keyDir }),
      });
      const root = await realpath(repoRoot);
      written.push(...result.certificates.map((path) => relative(root, path)));
    }
    for (const orderer of org.orderers) {
      // Every name a client dials (ordererTlsHosts): the external host the other consenters use,
      // then the in-cluster Service names the org's own Jobs use; the listener presents this very
      // certificate to both, because the channel config pins it.
      const [host = '', ...alternativeNames] = ordererTlsHosts(org, orderer);
      const issued = await issueTlsCertificate({
        issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
        host,
        alternativeNames,
        organization: org.displayName,
        validity,
        now,
      });
      ordererTls.set(`${org.id}/${orderer.name}`, issued);
      const path = orderer.tlsCert ?? `${dirname(org.source.file)}/msp/${orderer.name}-tls.pem`;
      await writeFile(join(repoRoot, path), issued.certificate, { mode: 0o644 });
      written.push(path);
    }
  }
  const after = await loadModel(repoRoot);
  for (const channel of after.channels) {
    const block = genesisBlock(buildChannelConfig(after, channel.name), channel.name, {
      timestamp: now,
      nonce: randomBytes(NONCE_BYTES),
    });
    const path = `channels/${channel.name}/genesis.block`;
    await mkdir(join(repoRoot, 'channels', channel.name), { recursive: true });
    await writeFile(join(repoRoot, path), block);
    written.push(path);
  }
  return { ordererTls, written };
}

async function loadModel(repoRoot: string): Promise<ConsortiumModel> {
  const { model, diagnostics } = await loadRepository(createFilesystemReader(repoRoot));
  // Only the consortium's own files matter here (the template's root also holds the toolkit).
  const errors = diagnostics.filter((d) => d.severity === 'error' && /^(consortium|orgs|channels)\//.test(d.file));
  if (errors.length > 0 || model.consortium === undefined)
    throw new Error(
      `${repoRoot} does not load: ${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('; ') || 'no consortium/consortium.yaml'}`,
    );
  return model;
}
