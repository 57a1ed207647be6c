import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { locate } from '../../tools/src/model/source.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/model/${name}/`, import.meta.url));

describe('loadRepository on the example consortium', () => {
  it('loads three orgs, two channels and their chaincodes without diagnostics', async () => {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(projectRoot));
    expect(diagnostics).toEqual([]);
    expect(model.consortium?.name).toBe('supply-chain-traceability');
    expect(model.orgs.map((o) => o.id)).toEqual(['logistics', 'manufacturer', 'retailer']);
    expect(model.channels.map((c) => c.name)).toEqual(['recalls', 'traceability']);
    const traceability = model.channels.find((c) => c.name === 'traceability');
    expect(traceability?.members).toEqual(['manufacturer', 'logistics', 'retailer']);
    expect(traceability?.chaincodes.map((c) => [c.name, c.channel, c.sequence])).toEqual([
      ['provenance', 'traceability', 1],
    ]);
    expect(model.consortium?.ordering.consenters).toHaveLength(3);
  });

  it('keeps file, line and column for values', async () => {
    const { model } = await loadRepository(createFilesystemReader(projectRoot));
    const manufacturer = model.orgs.find((o) => o.id === 'manufacturer');
    expect(manufacturer).toBeDefined();
    if (manufacturer === undefined) return;
    expect(locate(manufacturer.source, 'mspId')).toEqual({ file: 'orgs/manufacturer/org.yaml', line: 9, column: 8 });
    expect(locate(manufacturer.source, 'peers.1.name')).toEqual({
      file: 'orgs/manufacturer/org.yaml',
      line: 50,
      column: 11,
    });
    expect(locate(manufacturer.source, 'cluster.storageClass')).toMatchObject({ line: 35, column: 17 });
    const provenance = model.channels.flatMap((c) => c.chaincodes).find((c) => c.name === 'provenance');
    expect(provenance && locate(provenance.source, 'endorsementPolicy')).toMatchObject({
      file: 'channels/traceability/chaincodes/provenance.yaml',
      line: 16,
      column: 20,
    });
    expect(provenance && locate(provenance.source, 'collections.0.name')).toMatchObject({ line: 21, column: 11 });
    const consortium = model.consortium;
    expect(consortium && locate(consortium.source, 'ordering.consenters.2.orderer')).toMatchObject({
      file: 'consortium/consortium.yaml',
      line: 33,
    });
  });

  it('resolves msp paths relative to the org folder', async () => {
    const { model } = await loadRepository(createFilesystemReader(projectRoot));
    expect(model.orgs.find((o) => o.id === 'retailer')?.msp).toEqual({
      caCert: 'orgs/retailer/msp/ca.pem',
      tlsCaCert: 'orgs/retailer/msp/tlsca.pem',
      adminCerts: ['orgs/retailer/msp/admin.pem'],
    });
    expect(model.orgs.find((o) => o.id === 'retailer')?.orderers).toEqual([
      { name: 'orderer0', storage: '50Gi', tlsCert: 'orgs/retailer/msp/orderer0-tls.pem' },
    ]);
  });

  it('lists every file with its text, for repository-wide scans', async () => {
    const { model } = await loadRepository(createFilesystemReader(projectRoot));
    const paths = model.files.map((f) => f.path);
    expect(paths).toContain('orgs/logistics/msp/ca.pem');
    expect(paths).toEqual([...paths].sort());
    expect(paths.some((p) => p.startsWith('node_modules/') || p.startsWith('.git/'))).toBe(false);
    expect(model.files.find((f) => f.path === 'orgs/logistics/msp/ca.pem')?.text).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
  });
});

describe('loadRepository defaults', () => {
  it('fills every documented default when a file gives only required fields', async () => {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(fixture('minimal-defaults')));
    expect(diagnostics).toEqual([]);
    const org = model.orgs[0];
    expect(org?.orderers).toEqual([]);
    expect(org?.network).toEqual({ egressCidrs: [] });
    expect(org?.ca).toEqual({ storage: '1Gi' });
    expect(org?.peers).toEqual([{ name: 'peer0', stateDb: 'couchdb', storage: '50Gi' }]);
    expect(org?.msp.adminCerts).toEqual([]);
    expect(org?.cluster.ingress).toMatchObject({
      kind: 'gateway',
      className: 'traefik',
      controllerNamespace: 'traefik',
    });
    expect(model.consortium?.ordering.batch).toEqual({
      timeout: '2s',
      maxMessageCount: 500,
      absoluteMaxBytes: '10 MB',
      preferredMaxBytes: '2 MB',
    });
    expect(model.consortium?.governance).toEqual({
      policies: { Admins: 'MAJORITY Admins', Readers: 'ANY Readers', Writers: 'ANY Writers' },
      rules: {},
      critical: {
        kinds: ['org.remove', 'governance.update', 'toolkit.update', 'ordering.update', 'org.admins.update'],
        adminsPerOrg: 2,
        minimumOpenHours: 24,
      },
      requireChaincodeImageDigest: false,
    });
    const channel = model.channels[0];
    expect(channel?.policies).toEqual({
      Readers: 'ANY Readers',
      Writers: 'ANY Writers',
      Admins: 'MAJORITY Admins',
      Endorsement: 'MAJORITY Endorsement',
      LifecycleEndorsement: 'MAJORITY Endorsement',
    });
    expect(channel?.capabilities).toEqual({ channel: 'V2_0', orderer: 'V2_0', application: 'V2_5' });
    expect(channel?.anchorPeers).toEqual([]);
    const chaincode = channel?.chaincodes[0];
    expect(chaincode?.endorsementPolicy).toBeUndefined();
    expect(chaincode?.initRequired).toBe(false);
    expect(chaincode?.collections).toEqual([]);
    // A defaulted value has no position of its own: it is located at its parent.
    expect(org && locate(org.source, 'ca.storage')).toEqual({ file: 'orgs/solo/org.yaml', line: 1, column: 1 });
  });
});

describe('loadRepository layout', () => {
  it('reports a missing consortium.yaml, org folders without org.yaml, names that differ from folders and missing certificates', async () => {
    const { model, diagnostics } = await loadRepository(createFilesystemReader(fixture('layout-mistakes')));
    const summary = diagnostics.map((d) => `${d.rule} ${d.file}:${d.line}`);
    expect(summary).toEqual([
      // chaincode name "basic" in other.yaml
      'repository-layout channels/main/chaincodes/other.yaml:3',
      // channels/orphan/ has no channel.yaml, and lost.yaml says name: basic
      'repository-layout channels/orphan/chaincodes/lost.yaml:1',
      'repository-layout channels/orphan/chaincodes/lost.yaml:3',
      'repository-layout consortium/consortium.yaml:1',
      'repository-layout orgs/ghost/msp/ca.pem:1',
      // id: acme in orgs/renamed/
      'repository-layout orgs/renamed/org.yaml:4',
      'missing-file orgs/renamed/org.yaml:13',
      'missing-file orgs/renamed/org.yaml:14',
    ]);
    // The org whose id differs from its folder is still loaded: only the mismatch is reported.
    expect(model.orgs.map((o) => o.id)).toEqual(['acme']);
    expect(model.consortium).toBeUndefined();
  });
});

describe('loadRepository and unreadable files', () => {
  it('reports a file the reader cannot read, wherever it is (fail closed)', async () => {
    const inner = createFilesystemReader(fixture('minimal-defaults'));
    const reader = {
      description: inner.description,
      listFiles: async () => [
        ...(await inner.listFiles()),
        { path: 'docs/locked.txt', kind: 'file' as const, size: 10 },
      ],
      readFile: async (path: string) => {
        if (path === 'docs/locked.txt') throw new Error('EACCES: permission denied');
        return inner.readFile(path);
      },
    };
    const { diagnostics } = await loadRepository(reader);
    expect(diagnostics.map((d) => [d.rule, d.file, d.message])).toEqual([
      ['file-read', 'docs/locked.txt', 'docs/locked.txt could not be read: EACCES: permission denied'],
    ]);
  });
});
