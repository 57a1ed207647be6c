import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import { ordererTlsHosts } from '../../tools/src/model/endpoints.ts';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { checkOrdererTlsCertificate } from '../../tools/src/rules/orderer-tls-certificate.ts';
import { buildModel } from '../support/model-builder.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('orderer-tls-certificate', () => {
  it("accepts the example's committed consenter certificates", async () => {
    const repo = await copyExampleRepo();
    try {
      expect(findingsOf(await repo.validate(), 'orderer-tls-certificate')).toEqual([]);
    } finally {
      await repo.remove();
    }
  });

  it('warns once per consenter without a tlsCert, in its org.yaml', () => {
    const found = runRule(checkOrdererTlsCertificate, buildModel());
    expect(found.map((d) => [d.severity, d.file])).toEqual([
      ['warning', 'orgs/org1/org.yaml'],
      ['warning', 'orgs/org2/org.yaml'],
      ['warning', 'orgs/org3/org.yaml'],
    ]);
    expect(found[0]!.message).toContain('the channel genesis block cannot be generated until');
  });

  it('does not warn about an orderer that is not a consenter', () => {
    const found = runRule(
      checkOrdererTlsCertificate,
      buildModel({}, (m) => {
        m.consortium!.ordering.consenters = m.consortium!.ordering.consenters.filter((c) => c.org !== 'org2');
      }),
    );
    expect(found.map((d) => d.file)).toEqual(['orgs/org1/org.yaml', 'orgs/org3/org.yaml']);
  });

  it('warns at the orderer of a consenter whose tlsCert was left out', async () => {
    const repo = await copyExampleRepo();
    try {
      const path = 'orgs/manufacturer/org.yaml';
      await repo.edit(path, (t) => t.replace(/^ {4}tlsCert: .*\n/m, ''));
      const text = await repo.read(path);
      const result = await repo.validate();
      expect(findingsOf(result, 'orderer-tls-certificate')).toMatchObject([
        { file: path, line: lineOf(text, '- name: orderer0'), severity: 'warning' },
      ]);
      expect(result.ok).toBe(true);
    } finally {
      await repo.remove();
    }
  });

  it("reports another org's certificate: wrong TLS CA and wrong host, at the tlsCert line", async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.write('orgs/logistics/msp/orderer0-tls.pem', await repo.read('orgs/retailer/msp/orderer0-tls.pem'));
      const text = await repo.read('orgs/logistics/org.yaml');
      const found = findingsOf(await repo.validate(), 'orderer-tls-certificate');
      const at = { file: 'orgs/logistics/org.yaml', line: lineOf(text, 'tlsCert:'), severity: 'error' };
      expect(found).toMatchObject([at, at]);
      expect(found[0]!.message).toContain('is not signed by the TLS CA of org "logistics"');
      expect(found[1]!.message).toContain(
        'does not name its hosts orderer0.fabric.straits-freight.example, orderer0-logistics, orderer0-logistics.fabric-straits-freight, orderer0-logistics.fabric-straits-freight.svc, orderer0-logistics.fabric-straits-freight.svc.cluster.local',
      );
    } finally {
      await repo.remove();
    }
  });

  it("names the in-cluster Service names the org's Jobs dial when the certificate has only the external host", async () => {
    const repo = await copyExampleRepo();
    try {
      const pki = await generateOrgPki({
        orgId: 'logistics',
        mspId: 'StraitsFreightMSP',
        domain: 'straits-freight.example',
        validity: { days: 365 },
        now: new Date(),
      });
      const tls = await issueTlsCertificate({
        issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
        host: 'orderer0.fabric.straits-freight.example',
        organization: 'Straits Freight',
        validity: { days: 365 },
        now: new Date(),
      });
      await repo.write('orgs/logistics/msp/tlsca.pem', pki.certificates.tlsCa);
      await repo.write('orgs/logistics/msp/orderer0-tls.pem', tls.certificate);
      const text = await repo.read('orgs/logistics/org.yaml');
      const found = findingsOf(await repo.validate(), 'orderer-tls-certificate');
      expect(found).toMatchObject([
        { file: 'orgs/logistics/org.yaml', line: lineOf(text, 'tlsCert:'), severity: 'error' },
      ]);
      expect(found[0]!.message).toContain(
        'does not name its hosts orderer0-logistics, orderer0-logistics.fabric-straits-freight, orderer0-logistics.fabric-straits-freight.svc, orderer0-logistics.fabric-straits-freight.svc.cluster.local',
      );
      expect(found[0]!.hint).toContain('--csr.hosts orderer0.fabric.straits-freight.example,orderer0-logistics,');
    } finally {
      await repo.remove();
    }
  });

  it("accepts the example's certificates: each names every host its clients dial", async () => {
    const repo = await copyExampleRepo();
    try {
      const { model } = await loadRepository(createFilesystemReader(repo.dir));
      for (const org of model.orgs)
        for (const orderer of org.orderers) {
          const cert = new X509Certificate(await repo.read(orderer.tlsCert ?? ''));
          for (const host of ordererTlsHosts(org, orderer)) expect(cert.checkHost(host), host).toBe(host);
        }
    } finally {
      await repo.remove();
    }
  });

  it('leaves a missing or unparsable file to missing-file and certificate-parse', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) => t.replace('msp/orderer0-tls.pem', 'msp/orderer9-tls.pem'));
      await repo.write('orgs/logistics/msp/orderer0-tls.pem', 'not a certificate\n');
      const result = await repo.validate();
      expect(findingsOf(result, 'orderer-tls-certificate')).toEqual([]);
      expect(findingsOf(result, 'missing-file')).toMatchObject([{ file: 'orgs/retailer/org.yaml' }]);
      expect(findingsOf(result, 'certificate-parse')).toMatchObject([{ file: 'orgs/logistics/msp/orderer0-tls.pem' }]);
    } finally {
      await repo.remove();
    }
  });
});
