import { beforeAll, describe, expect, it } from 'vitest';
import { checkCertificateCa } from '../../tools/src/rules/certificate-ca.ts';
import { buildModel } from '../support/model-builder.ts';
import { generateOrgCertificates, type OrgCertificates } from '../support/test-certificates.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('certificate-ca', () => {
  let certificates: OrgCertificates[];
  beforeAll(async () => {
    certificates = await Promise.all(['org1', 'org2', 'org3'].map((name) => generateOrgCertificates({ name })));
  });

  it('accepts CA certificates', () => {
    expect(runRule(checkCertificateCa, buildModel({ certificates }))).toEqual([]);
  });

  it('reports a CA certificate without basicConstraints CA:TRUE', async () => {
    const notCa = await generateOrgCertificates({ name: 'org1', caIsNotCa: true });
    const found = runRule(
      checkCertificateCa,
      buildModel({ certificates: [notCa, certificates[1]!, certificates[2]!] }),
    );
    expect(found).toMatchObject([{ rule: 'certificate-ca', file: 'orgs/org1/org.yaml' }]);
  });

  it('points at msp.tlsCaCert when it names an admin certificate', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.edit('orgs/retailer/org.yaml', (t) =>
        t.replace('tlsCaCert: msp/tlsca.pem', 'tlsCaCert: msp/admin.pem'),
      );
      const text = await repo.read('orgs/retailer/org.yaml');
      const found = findingsOf(await repo.validate(), 'certificate-ca');
      expect(found).toMatchObject([
        { file: 'orgs/retailer/org.yaml', line: lineOf(text, 'tlsCaCert:'), severity: 'error' },
      ]);
    } finally {
      await repo.remove();
    }
  });
});
