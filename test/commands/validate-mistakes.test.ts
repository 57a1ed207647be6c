// Every mistake the validator exists to catch, made once in a copy of the example consortium and
// checked through the real command line: `consortium validate --format json` must name the rule,
// the file and the line, whether the JSON Schema or a semantic rule catches it first.
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyExampleRepo, lineOf, type ExampleRepo } from '../support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';
import { generateOrgCertificates } from '../support/test-certificates.ts';

interface Finding {
  readonly rule: string;
  readonly severity: 'error' | 'warning';
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly hint?: string;
}

interface Expected {
  readonly rule: string;
  readonly file: string;
  /** Text on the expected line of `file` after the mistake was made. */
  readonly at: string;
  readonly severity?: 'error' | 'warning';
  /** The finding's message contains this. */
  readonly says?: string;
}

const dayMs = 24 * 60 * 60 * 1000;
const provenance = 'channels/traceability/chaincodes/provenance.yaml';
const recallNotices = 'channels/recalls/chaincodes/recall-notices.yaml';
const consortium = 'consortium/consortium.yaml';
const retailer = 'orgs/retailer/org.yaml';

async function validateJson(repo: ExampleRepo, now?: Date): Promise<{ code: number; findings: Finding[] }> {
  const r = await runCli(['validate', '--format', 'json'], { cwd: repo.dir, ...(now === undefined ? {} : { now }) });
  expect(r.stderr).toBe('');
  const json = JSON.parse(r.stdout) as { ok: boolean; diagnostics: Finding[] };
  expect(json.ok).toBe(r.code === 0);
  return { code: r.code, findings: json.diagnostics };
}

/** Asserts a finding with the expected rule, severity, file and line is among `findings`. */
async function expectFinding(repo: ExampleRepo, findings: readonly Finding[], expected: Expected): Promise<Finding> {
  const line = lineOf(await repo.read(expected.file), expected.at);
  const match = findings.find((f) => f.rule === expected.rule && f.file === expected.file && f.line === line);
  expect(
    match,
    `no ${expected.rule} finding at ${expected.file}:${line} in ${JSON.stringify(findings, null, 2)}`,
  ).toBeDefined();
  expect(match?.severity).toBe(expected.severity ?? 'error');
  expect(match?.hint).toBeTruthy();
  if (expected.says !== undefined) expect(match?.message).toContain(expected.says);
  return match as Finding;
}

/** Asserts the mistake gives exactly this one finding (and exit code 1 for an error). */
async function expectOnly(repo: ExampleRepo, expected: Expected, now?: Date): Promise<Finding> {
  const { code, findings } = await validateJson(repo, now);
  expect(findings).toHaveLength(1);
  expect(code).toBe((expected.severity ?? 'error') === 'error' ? 1 : 0);
  return expectFinding(repo, findings, expected);
}

async function moveFile(repo: ExampleRepo, from: string, to: string, change: (text: string) => string) {
  const text = await repo.read(from);
  await rm(join(repo.dir, from));
  await repo.write(to, change(text));
}

describe('validate --format json names rule, file and line for each mistake', () => {
  let repo: ExampleRepo;
  beforeEach(async () => {
    repo = await copyExampleRepo();
  });
  afterEach(async () => {
    await repo.remove();
  });

  describe('Fabric and Kubernetes naming (caught by the schema, reported under the rule)', () => {
    it('a channel name with an upper-case letter: channel-name', async () => {
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace('name: recalls', 'name: Recalls'));
      const finding = await expectOnly(repo, {
        rule: 'channel-name',
        file: 'channels/recalls/channel.yaml',
        at: 'name: Recalls',
        says: 'channel name "Recalls"',
      });
      expect(finding.message).toContain('lowercase letters, digits, "." and "-", starting with a letter');
      expect(finding.column).toBe(7);
    });

    it('a channel name longer than 249 characters: channel-name', async () => {
      const long = `c${'h'.repeat(249)}`;
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace('name: recalls', `name: ${long}`));
      const { findings } = await validateJson(repo);
      await expectFinding(repo, findings, {
        rule: 'channel-name',
        file: 'channels/recalls/channel.yaml',
        at: `name: ${long}`,
        says: '250 characters long, at most 249',
      });
      expect(findings.filter((f) => f.rule === 'schema')).toEqual([]);
    });

    it('the reserved chaincode name lscc: chaincode-name', async () => {
      await moveFile(repo, provenance, 'channels/traceability/chaincodes/lscc.yaml', (t) =>
        t.replace('name: provenance', 'name: lscc'),
      );
      await expectOnly(repo, {
        rule: 'chaincode-name',
        file: 'channels/traceability/chaincodes/lscc.yaml',
        at: 'name: lscc',
        says: 'system chaincode',
      });
    });

    it.each(['cscc', 'ESCC', 'qscc', 'vscc'])('the reserved chaincode name %s: chaincode-name', async (name) => {
      await moveFile(repo, recallNotices, `channels/recalls/chaincodes/${name}.yaml`, (t) =>
        t.replace('name: recall-notices', `name: ${name}`),
      );
      await expectOnly(repo, { rule: 'chaincode-name', file: `channels/recalls/chaincodes/${name}.yaml`, at: 'name:' });
    });

    it('the reserved chaincode name _lifecycle: chaincode-name', async () => {
      await moveFile(repo, recallNotices, 'channels/recalls/chaincodes/_lifecycle.yaml', (t) =>
        t.replace('name: recall-notices', 'name: _lifecycle'),
      );
      await expectOnly(repo, {
        rule: 'chaincode-name',
        file: 'channels/recalls/chaincodes/_lifecycle.yaml',
        at: 'name: _lifecycle',
        // It breaks the name pattern too, but is reported once, as what it is.
        says: 'system chaincode',
      });
    });

    it('a chaincode name with a double dash: chaincode-name', async () => {
      await moveFile(repo, recallNotices, 'channels/recalls/chaincodes/recall--notices.yaml', (t) =>
        t.replace('name: recall-notices', 'name: recall--notices'),
      );
      await expectOnly(repo, {
        rule: 'chaincode-name',
        file: 'channels/recalls/chaincodes/recall--notices.yaml',
        at: 'name: recall--notices',
        says: 'optionally joined by single "-" or "_"',
      });
    });

    it('the chaincode version "1.0 beta": chaincode-version', async () => {
      await repo.edit(provenance, (t) => t.replace('version: 1.0.0', 'version: 1.0 beta'));
      await expectOnly(repo, {
        rule: 'chaincode-version',
        file: provenance,
        at: 'version: 1.0 beta',
        says: 'chaincode version "1.0 beta"',
      });
    });

    it.each(['0', '-1'])('the chaincode sequence %s: chaincode-sequence', async (sequence) => {
      await repo.edit(provenance, (t) => t.replace('sequence: 1\n', `sequence: ${sequence}\n`));
      await expectOnly(repo, {
        rule: 'chaincode-sequence',
        file: provenance,
        at: `sequence: ${sequence}`,
        says: 'positive integer',
      });
    });

    it('a fractional chaincode sequence: chaincode-sequence', async () => {
      await repo.edit(provenance, (t) => t.replace('sequence: 1\n', 'sequence: 1.5\n'));
      await expectOnly(repo, { rule: 'chaincode-sequence', file: provenance, at: 'sequence: 1.5' });
    });

    it('an MSP ID with an underscore: msp-id-format', async () => {
      await repo.edit(retailer, (t) => t.replace('mspId: HarborviewRetailMSP', 'mspId: Harborview_RetailMSP'));
      await expectOnly(repo, {
        rule: 'msp-id-format',
        file: retailer,
        at: 'mspId: Harborview_RetailMSP',
        says: 'MSP ID "Harborview_RetailMSP"',
      });
    });

    it('an org id (and folder) that is not a DNS-1123 label: kubernetes-name', async () => {
      // Renaming the org everywhere it is named keeps this one mistake: the id itself.
      const renamed = 'Harborview_Retail';
      const files = [consortium, 'channels/traceability/channel.yaml', 'channels/recalls/channel.yaml', provenance];
      for (const file of [...files, recallNotices]) {
        await repo.edit(file, (t) => t.replace(/\bretailer\b/g, renamed));
      }
      for (const name of ['org.yaml', 'msp/ca.pem', 'msp/tlsca.pem', 'msp/admin.pem', 'msp/config.yaml']) {
        await moveFile(repo, `orgs/retailer/${name}`, `orgs/${renamed}/${name}`, (t) =>
          name === 'org.yaml' ? t.replace('id: retailer', `id: ${renamed}`) : t,
        );
      }
      const { code, findings } = await validateJson(repo);
      expect(code).toBe(1);
      const finding = await expectFinding(repo, findings, {
        rule: 'kubernetes-name',
        file: `orgs/${renamed}/org.yaml`,
        at: `id: ${renamed}`,
        says: `organization id "${renamed}"`,
      });
      expect(finding.message).toContain('DNS-1123');
      // Where the renamed org is referred to, the findings name the reference rules, never `schema`.
      expect(findings.filter((f) => f.rule === 'schema')).toEqual([]);
      await expectFinding(repo, findings, {
        rule: 'channel-member-exists',
        file: 'channels/recalls/channel.yaml',
        at: `- ${renamed}`,
      });
      await expectFinding(repo, findings, { rule: 'consenter-exists', file: consortium, at: `org: ${renamed}` });
      await expectFinding(repo, findings, { rule: 'installed-on-exists', file: recallNotices, at: `- ${renamed}` });
      await expectFinding(repo, findings, {
        rule: 'anchor-peer-exists',
        file: 'channels/traceability/channel.yaml',
        at: `org: ${renamed}`,
      });
    });

    it('a peer name longer than a Kubernetes name allows: kubernetes-name', async () => {
      const name = `peer-${'x'.repeat(59)}`;
      await repo.edit(retailer, (t) => t.replace('peers:\n', `peers:\n  - name: ${name}\n`));
      await expectOnly(repo, {
        rule: 'kubernetes-name',
        file: retailer,
        at: `- name: ${name}`,
        says: 'is 64 characters long, at most 63 allowed',
      });
    });

    it('a peer name too long for its StatefulSet name: kubernetes-name', async () => {
      const name = `peer-${'x'.repeat(45)}`;
      await repo.edit(retailer, (t) => t.replace('peers:\n', `peers:\n  - name: ${name}\n    stateDb: leveldb\n`));
      await expectOnly(repo, { rule: 'kubernetes-name', file: retailer, at: `- name: ${name}`, says: 'StatefulSet' });
    });
  });

  describe('uniqueness', () => {
    it('two organizations with one org id: unique-org-id', async () => {
      const text = await repo.read(retailer);
      await repo.write(
        'orgs/retailer-eu/org.yaml',
        text
          .replace('mspId: HarborviewRetailMSP', 'mspId: HarborviewRetailEuMSP')
          .replace('domain: harborview-retail.example', 'domain: harborview-retail-eu.example')
          .replace('domain: fabric.harborview-retail.example', 'domain: fabric.harborview-retail-eu.example'),
      );
      for (const name of ['ca.pem', 'tlsca.pem', 'admin.pem'])
        await repo.write(`orgs/retailer-eu/msp/${name}`, await repo.read(`orgs/retailer/msp/${name}`));
      const { findings } = await validateJson(repo);
      // The second org.yaml read claims the id that orgs/retailer/ already has.
      await expectFinding(repo, findings, {
        rule: 'unique-org-id',
        file: 'orgs/retailer-eu/org.yaml',
        at: 'id: retailer',
      });
    });

    it('two organizations with one MSP ID: unique-msp-id', async () => {
      await repo.edit('orgs/logistics/org.yaml', (t) => t.replace(/mspId: \S+/, 'mspId: HarborviewRetailMSP'));
      const { findings } = await validateJson(repo);
      // Organizations are checked in id order: retailer comes second.
      await expectFinding(repo, findings, {
        rule: 'unique-msp-id',
        file: retailer,
        at: 'mspId: HarborviewRetailMSP',
        says: 'already used by org "logistics"',
      });
    });

    it('two organizations publishing nodes under one ingress domain: unique-hostname', async () => {
      await repo.edit('orgs/logistics/org.yaml', (t) =>
        t.replace('domain: fabric.straits-freight.example', 'domain: fabric.harborview-retail.example'),
      );
      const { findings } = await validateJson(repo);
      await expectFinding(repo, findings, {
        rule: 'unique-hostname',
        file: retailer,
        at: '- name: peer0',
        says: 'peer0.fabric.harborview-retail.example',
      });
      await expectFinding(repo, findings, {
        rule: 'unique-hostname',
        file: retailer,
        at: 'domain: fabric.harborview-retail.example',
        says: 'ca.fabric.harborview-retail.example',
      });
    });
  });

  describe('references', () => {
    it('a channel member that is no organization: channel-member-exists', async () => {
      await repo.edit('channels/recalls/channel.yaml', (t) =>
        t.replace('  - retailer\n', '  - retailer\n  - wholesaler\n'),
      );
      await expectOnly(repo, {
        rule: 'channel-member-exists',
        file: 'channels/recalls/channel.yaml',
        at: '- wholesaler',
      });
    });

    it('an anchor peer that the org does not have: anchor-peer-exists', async () => {
      await repo.edit('channels/recalls/channel.yaml', (t) => t.replace('peer: peer1\n', 'peer: peer7\n'));
      // The mistake is in a channel's config too: the change carries its config update, as a user's would.
      await repo.writeUpdates();
      await expectOnly(repo, { rule: 'anchor-peer-exists', file: 'channels/recalls/channel.yaml', at: 'peer: peer7' });
    });

    it('a consenter that is no orderer of its org: consenter-exists', async () => {
      await repo.edit(consortium, (t) => t.replace(/(org: retailer\n\s+orderer: )orderer0/, '$1orderer3'));
      await expectOnly(repo, { rule: 'consenter-exists', file: consortium, at: 'orderer: orderer3' });
    });

    it('installedOn naming no organization: installed-on-exists', async () => {
      await repo.edit(recallNotices, (t) => t.replace('  - retailer\n', '  - retailer\n  - wholesaler\n'));
      await expectOnly(repo, { rule: 'installed-on-exists', file: recallNotices, at: '- wholesaler' });
    });

    it('installedOn naming an org that is not a channel member: installed-on-member', async () => {
      await repo.edit(recallNotices, (t) => t.replace('  - retailer\n', '  - retailer\n  - logistics\n'));
      await expectOnly(repo, { rule: 'installed-on-member', file: recallNotices, at: '- logistics' });
    });
  });

  describe('policies', () => {
    it('a policy string that does not parse: policy-syntax', async () => {
      await repo.edit(provenance, (t) =>
        t.replace('endorsementPolicy: "OutOf(2, \'Acme', 'endorsementPolicy: "OutOf(2 \'Acme'),
      );
      await expectOnly(repo, { rule: 'policy-syntax', file: provenance, at: 'endorsementPolicy:' });
    });

    it('a policy naming the MSP ID of an org outside the channel: policy-msp-ids', async () => {
      await repo.edit(recallNotices, (t) =>
        t.replace(
          'initRequired:',
          "endorsementPolicy: \"AND('AcmeManufacturingMSP.peer', 'StraitsFreightMSP.peer')\"\ninitRequired:",
        ),
      );
      const { findings } = await validateJson(repo);
      await expectFinding(repo, findings, {
        rule: 'policy-msp-ids',
        file: recallNotices,
        at: 'endorsementPolicy: "AND(',
        says: 'StraitsFreightMSP',
      });
    });
  });

  describe('ordering service', () => {
    it('an even number of consenters: etcdraft-consenters warning', async () => {
      await repo.edit(consortium, (t) => t.replace(/ {4}- org: retailer\n {6}orderer: orderer0\n/, ''));
      // The mistake is in a channel's config too: the change carries its config update, as a user's would.
      await repo.writeUpdates();
      await expectOnly(repo, {
        rule: 'etcdraft-consenters',
        severity: 'warning',
        file: consortium,
        at: '- org: manufacturer',
      });
    });

    it('every consenter from one org: etcdraft-consenters warning', async () => {
      await repo.edit('orgs/manufacturer/org.yaml', (t) =>
        t.replace(/orderers:\n/, 'orderers:\n  - name: orderer1\n  - name: orderer2\n'),
      );
      await repo.edit(consortium, (t) =>
        t
          .replace(/org: logistics\n(\s+)orderer: orderer0/, 'org: manufacturer\n$1orderer: orderer1')
          .replace(/org: retailer\n(\s+)orderer: orderer0/, 'org: manufacturer\n$1orderer: orderer2'),
      );
      const { code, findings } = await validateJson(repo);
      expect(code).toBe(0);
      await expectFinding(repo, findings, {
        rule: 'etcdraft-consenters',
        severity: 'warning',
        file: consortium,
        at: '- org: manufacturer',
      });
    });
  });

  describe('certificates and keys', () => {
    it('a CA certificate that is no CA: certificate-ca', async () => {
      const certs = await generateOrgCertificates({ name: 'retailer', caIsNotCa: true });
      await repo.write('orgs/retailer/msp/ca.pem', certs.caCert);
      await repo.write('orgs/retailer/msp/tlsca.pem', certs.tlsCaCert);
      await repo.write('orgs/retailer/msp/admin.pem', certs.adminCert);
      const { findings } = await validateJson(repo);
      await expectFinding(repo, findings, { rule: 'certificate-ca', file: retailer, at: 'caCert: msp/ca.pem' });
    });

    it('an admin certificate issued by another org: admin-certificate-chain', async () => {
      await repo.write('orgs/retailer/msp/admin.pem', await repo.read('orgs/manufacturer/msp/admin.pem'));
      await expectOnly(repo, { rule: 'admin-certificate-chain', file: retailer, at: '- msp/admin.pem' });
    });

    it('an expired certificate: certificate-expiry error', async () => {
      const certs = await generateOrgCertificates({ name: 'retailer', adminNotAfter: new Date(Date.now() - dayMs) });
      // The TLS CA stays: the committed orderer TLS certificate chains to it.
      for (const [file, pem] of [
        ['ca.pem', certs.caCert],
        ['admin.pem', certs.adminCert],
      ] as const)
        await repo.write(`orgs/retailer/msp/${file}`, pem);
      // The mistake is in a channel's config too: the change carries its config update, as a user's would.
      await repo.writeUpdates();
      await expectOnly(repo, {
        rule: 'certificate-expiry',
        file: 'orgs/retailer/msp/admin.pem',
        at: '-----BEGIN CERTIFICATE-----',
        says: 'expired',
      });
    });

    it('a certificate expiring within 30 days: certificate-expiry warning (clock injected)', async () => {
      // The example's retailer admin certificate, seen from 10 days before it expires.
      const validTo = new Date(new X509Certificate(await repo.read('orgs/retailer/msp/admin.pem')).validTo);
      const now = new Date(validTo.getTime() - 10 * dayMs);
      const { findings } = await validateJson(repo, now);
      await expectFinding(repo, findings, {
        rule: 'certificate-expiry',
        severity: 'warning',
        file: 'orgs/retailer/msp/admin.pem',
        at: '-----BEGIN CERTIFICATE-----',
      });
      expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    });

    it('a private key anywhere in the repository: no-private-key', async () => {
      // Generated now: the project's repository holds no private key.
      const key = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString();
      await repo.write('orgs/retailer/msp/peer0-key.pem', key);
      await expectOnly(repo, {
        rule: 'no-private-key',
        file: 'orgs/retailer/msp/peer0-key.pem',
        at: 'PRIVATE KEY-----',
      });
    });
  });

  describe('storage', () => {
    it('ledger storage on a node-local storage class: node-local-storage warning', async () => {
      await repo.edit(retailer, (t) => t.replace('storageClass: managed-csi-premium', 'storageClass: local-path'));
      await expectOnly(repo, {
        rule: 'node-local-storage',
        severity: 'warning',
        file: retailer,
        at: 'storageClass: local-path',
      });
    });
  });
});
