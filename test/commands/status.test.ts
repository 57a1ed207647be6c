import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useExampleRepos } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { generateOrgCertificates } from '../support/test-certificates.ts';
import type { StatusReport } from '../../tools/src/commands/status.ts';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';

const example = useExampleRepos();
const now = new Date('2027-06-01T00:00:00Z');

describe('consortium status', () => {
  it('lists members, channels and chaincodes as JSON', async () => {
    const repo = await example();
    const run = await runCli(['status', '--repo', repo.dir, '--format', 'json'], { cwd: repo.dir, now });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(report.members.map((m) => [m.id, m.mspId, m.region, m.peers.length, m.consenters])).toEqual([
      ['logistics', 'StraitsFreightMSP', 'ap-southeast', 2, ['orderer0']],
      ['manufacturer', 'AcmeManufacturingMSP', 'eu-central', 2, ['orderer0']],
      ['retailer', 'HarborviewRetailMSP', 'us-east', 2, ['orderer0']],
    ]);
    expect(
      report.channels.map((c) => [
        c.name,
        c.members,
        c.chaincodes.map((cc) => `${cc.name}@${cc.version}#${cc.sequence}`),
      ]),
    ).toEqual([
      ['recalls', ['manufacturer', 'retailer'], ['recall-notices@1.0.0#1']],
      ['traceability', ['manufacturer', 'logistics', 'retailer'], ['provenance@1.0.0#1']],
    ]);
    expect(report.expiringCertificates).toEqual([]);
  });

  it('lists certificates that expire within the window, soonest first, using the clock it is given', async () => {
    const repo = await example();
    const certs = await generateOrgCertificates({
      name: 'retailer',
      notBefore: new Date('2027-01-01T00:00:00Z'),
      notAfter: new Date('2030-01-01T00:00:00Z'),
      adminNotAfter: new Date('2027-06-11T00:00:00Z'),
    });
    writeFileSync(join(repo.dir, 'orgs/retailer/msp/ca.pem'), certs.caCert);
    writeFileSync(join(repo.dir, 'orgs/retailer/msp/admin.pem'), certs.adminCert);
    const run = await runCli(['status', '--repo', repo.dir, '--format', 'json'], { cwd: repo.dir, now });
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(report.expiringCertificates.map((c) => [c.file, c.daysLeft, c.expired])).toEqual([
      ['orgs/retailer/msp/admin.pem', 10, false],
    ]);
    const later = await runCli(['status', '--repo', repo.dir], {
      cwd: repo.dir,
      now: new Date('2027-07-01T00:00:00Z'),
    });
    expect(later.stdout).toMatch(/orgs\/retailer\/msp\/admin\.pem: .*EXPIRED 2027-06-11/);
    const narrow = await runCli(['status', '--repo', repo.dir, '--format', 'json', '--expiry-days', '5'], {
      cwd: repo.dir,
      now,
    });
    expect((JSON.parse(narrow.stdout) as StatusReport).expiringCertificates).toEqual([]);
  });

  it("lists a consenter's expiring TLS certificate (an expired one drops the orderer out of Raft)", async () => {
    const repo = await example();
    const pki = await generateOrgPki({
      orgId: 'logistics',
      mspId: 'StraitsFreightMSP',
      domain: 'straits-freight.example',
      validity: { days: 3650 },
      now,
    });
    const tls = await issueTlsCertificate({
      issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
      host: 'orderer0.fabric.straits-freight.example',
      organization: 'Straits Freight',
      validity: { days: 7 },
      now,
    });
    writeFileSync(join(repo.dir, 'orgs/logistics/msp/tlsca.pem'), pki.certificates.tlsCa);
    writeFileSync(join(repo.dir, 'orgs/logistics/msp/orderer0-tls.pem'), tls.certificate);
    const run = await runCli(['status', '--repo', repo.dir, '--format', 'json'], { cwd: repo.dir, now });
    const report = JSON.parse(run.stdout) as StatusReport;
    expect(report.expiringCertificates.map((c) => [c.org, c.file, c.daysLeft, c.expired])).toEqual([
      ['logistics', 'orgs/logistics/msp/orderer0-tls.pem', 7, false],
    ]);
  });

  it('prints readable text and a Mermaid diagram with regions, channels and consenters', async () => {
    const repo = await example();
    const text = await runCli(['status', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(text.stdout).toMatch(/Supply Chain Traceability Consortium/);
    expect(text.stdout).toMatch(
      /manufacturer\s+AcmeManufacturingMSP\s+eu-central\s+peers: peer0, peer1; orderers: orderer0 \(consenter\)/,
    );
    expect(text.stdout).toMatch(/chaincode provenance 1\.0\.0 \(sequence 1\) on manufacturer, logistics, retailer/);
    const mermaid = await runCli(['status', '--repo', repo.dir, '--format', 'mermaid'], { cwd: repo.dir, now });
    expect(mermaid.stdout.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid.stdout).toContain('subgraph region_eu_central["eu-central"]');
    expect(mermaid.stdout).toContain('org_logistics --- ch_traceability');
    expect(mermaid.stdout).not.toContain('org_logistics --- ch_recalls');
    expect(mermaid.stdout).toContain('ch_traceability(["channel traceability<br/>provenance 1.0.0 #1"])');
    expect(mermaid.stdout).toContain('org_retailer -.- ordering');
  });

  it('rejects an unknown format', async () => {
    const repo = await example();
    const run = await runCli(['status', '--repo', repo.dir, '--format', 'yaml'], { cwd: repo.dir, now });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--format must be text, json or mermaid/);
  });

  it('exits 1 and names what did not load instead of passing off a partial summary', async () => {
    const repo = await example();
    writeFileSync(join(repo.dir, 'channels/recalls/channel.yaml'), 'name: [unclosed\n');
    const run = await runCli(['status', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/traceability: manufacturer, logistics, retailer/);
    expect(run.stderr).toMatch(/channels\/recalls\/channel\.yaml:\d+: .*\[yaml-syntax\]/);
  });

  it('refuses a directory without a consortium, naming the missing file', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'status-empty-'));
    try {
      const run = await runCli(['status', '--repo', empty], { cwd: empty, now });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`${empty} is not a consortium repository: it has no consortium/consortium.yaml`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
