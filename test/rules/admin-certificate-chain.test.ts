import { beforeAll, describe, expect, it } from 'vitest';
import { checkAdminCertificateChain } from '../../tools/src/rules/admin-certificate-chain.ts';
import { buildModel } from '../support/model-builder.ts';
import { generateOrgCertificates, type OrgCertificates } from '../support/test-certificates.ts';
import { copyExampleRepo, lineOf } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('admin-certificate-chain', () => {
  let certificates: OrgCertificates[];
  beforeAll(async () => {
    certificates = await Promise.all(['org1', 'org2', 'org3'].map((name) => generateOrgCertificates({ name })));
  });

  it('accepts admin certificates issued by their CA', () => {
    expect(runRule(checkAdminCertificateChain, buildModel({ certificates }))).toEqual([]);
  });

  it("reports an admin certificate issued by another org's CA", () => {
    const swapped = [
      { ...certificates[0]!, adminCert: certificates[1]!.adminCert },
      certificates[1]!,
      certificates[2]!,
    ];
    const found = runRule(checkAdminCertificateChain, buildModel({ certificates: swapped }));
    expect(found).toMatchObject([{ rule: 'admin-certificate-chain', file: 'orgs/org1/org.yaml', severity: 'error' }]);
  });

  it('reports a certificate whose issuer name matches but whose signature does not', async () => {
    // Same subject names as org1's CA, different key: checkIssued passes, verify fails.
    const impostor = await generateOrgCertificates({ name: 'org1' });
    const mixed = [{ ...certificates[0]!, adminCert: impostor.adminCert }, certificates[1]!, certificates[2]!];
    expect(runRule(checkAdminCertificateChain, buildModel({ certificates: mixed }))).toHaveLength(1);
  });

  it('points at the admin certificate reference in org.yaml', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.write('orgs/retailer/msp/admin.pem', await repo.read('orgs/logistics/msp/admin.pem'));
      const text = await repo.read('orgs/retailer/org.yaml');
      const found = findingsOf(await repo.validate(), 'admin-certificate-chain');
      expect(found).toMatchObject([{ file: 'orgs/retailer/org.yaml', line: lineOf(text, '- msp/admin.pem') }]);
    } finally {
      await repo.remove();
    }
  });
});
