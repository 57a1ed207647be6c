import { beforeAll, describe, expect, it } from 'vitest';
import { checkCertificateExpiry } from '../../tools/src/rules/certificate-expiry.ts';
import { buildModel } from '../support/model-builder.ts';
import { generateOrgCertificates, type OrgCertificates } from '../support/test-certificates.ts';
import { copyExampleRepo } from '../support/example-repo.ts';
import { findingsOf, runRule } from '../support/rule-harness.ts';

const day = 24 * 60 * 60 * 1000;
const now = new Date('2030-06-01T00:00:00Z');

describe('certificate-expiry', () => {
  let certificates: OrgCertificates[];
  beforeAll(async () => {
    const validity = { notBefore: new Date(now.getTime() - 365 * day), notAfter: new Date(now.getTime() + 365 * day) };
    certificates = await Promise.all(
      ['org1', 'org2', 'org3'].map((name) => generateOrgCertificates({ name, ...validity })),
    );
  });

  it('accepts certificates valid for more than 30 days', () => {
    expect(runRule(checkCertificateExpiry, buildModel({ certificates }), now)).toEqual([]);
  });

  it('warns 30 days before expiry and fails after it, using the clock passed in', () => {
    const model = buildModel({ certificates });
    const soon = runRule(checkCertificateExpiry, model, new Date(now.getTime() + 350 * day));
    expect(soon).toHaveLength(9);
    expect(soon.every((d) => d.severity === 'warning' && d.message.includes('in 15 days'))).toBe(true);
    const late = runRule(checkCertificateExpiry, model, new Date(now.getTime() + 366 * day));
    expect(late.every((d) => d.severity === 'error' && d.message.includes('expired'))).toBe(true);
    const early = runRule(checkCertificateExpiry, model, new Date(now.getTime() - 366 * day));
    expect(early[0]!.message).toContain('not valid until');
  });

  it('names the PEM file of an expiring admin certificate', async () => {
    const repo = await copyExampleRepo();
    try {
      const shortLived = await generateOrgCertificates({
        name: 'retailer',
        adminNotAfter: new Date(Date.now() + 10 * day),
      });
      await repo.write('orgs/retailer/msp/ca.pem', shortLived.caCert);
      await repo.write('orgs/retailer/msp/admin.pem', `# Harborview admin\n${shortLived.adminCert}`);
      // The change reaches the channels' configs: it carries its config updates, as a user's would.
      await repo.writeUpdates();
      const result = await repo.validate({ now: new Date() });
      expect(findingsOf(result, 'certificate-expiry')).toMatchObject([
        { file: 'orgs/retailer/msp/admin.pem', line: 2, severity: 'warning' },
      ]);
      expect(result.ok).toBe(true);
    } finally {
      await repo.remove();
    }
  });
});
