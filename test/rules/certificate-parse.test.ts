import { beforeAll, describe, expect, it } from 'vitest';
import { checkCertificateParse } from '../../tools/src/rules/certificate-parse.ts';
import { buildModel } from '../support/model-builder.ts';
import { generateOrgCertificates, type OrgCertificates } from '../support/test-certificates.ts';
import { copyExampleRepo } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

describe('certificate-parse', () => {
  let certificates: OrgCertificates[];
  beforeAll(async () => {
    certificates = await Promise.all(['org1', 'org2', 'org3'].map((name) => generateOrgCertificates({ name })));
  });

  it('accepts real certificates', () => {
    expect(runRule(checkCertificateParse, buildModel({ certificates }))).toEqual([]);
  });

  it('reports a PEM block that is not X.509, at the line of the block', () => {
    const model = buildModel({ certificates }, (m) => {
      const file = m.files.find((f) => f.path === 'orgs/org2/msp/ca.pem')!;
      file.text = '# org2 CA\n\n-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
    });
    const found = runRule(checkCertificateParse, model);
    expect(found).toMatchObject([
      { rule: 'certificate-parse', file: 'orgs/org2/msp/ca.pem', line: 3, severity: 'error' },
    ]);
  });

  it('reports a file without a certificate at line 1 of that file', async () => {
    const repo = await copyExampleRepo();
    try {
      await repo.write('orgs/retailer/msp/tlsca.pem', 'TLS CA goes here\n');
      const found = findingsOf(await repo.validate(), 'certificate-parse');
      expect(found).toMatchObject([{ file: 'orgs/retailer/msp/tlsca.pem', line: 1, column: 1 }]);
      expect(found[0]!.message).toContain('TLS CA certificate of org "retailer"');
    } finally {
      await repo.remove();
    }
  });
});
