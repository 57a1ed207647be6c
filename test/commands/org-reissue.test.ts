import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useExampleRepos, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';

// The way out after a key leaked into the shared history: a new admin certificate and key (and,
// when the CA key leaked, a new CA and everything under it), proposed as one org.update whose
// private keys go only to the key directory.
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});
const example = useExampleRepos();

async function memberWithKeys(): Promise<{ repo: ExampleRepo; keys: string }> {
  const repo = await example({ git: true });
  const keys = mkdtempSync(join(tmpdir(), 'consortium-keys-'));
  cleanup.push(() => rmSync(keys, { recursive: true, force: true }));
  const init = await runCli(
    [
      'org',
      'init',
      'coldchain',
      '--msp-id',
      'NordicColdChainMSP',
      '--region',
      'eu-north',
      '--domain',
      'nordic-coldchain.example',
      '--admin',
      'ingrid-nordic:55501234',
      '--egress-cidr',
      '198.18.0.0/24',
      '--key-dir',
      keys,
      '--repo',
      repo.dir,
    ],
    { cwd: repo.dir },
  );
  expect(init.code, init.stderr).toBe(0);
  repo.git('add', '--all');
  repo.git('commit', '--quiet', '-m', 'Add coldchain');
  return { repo, keys };
}

const msp = (repo: ExampleRepo, file: string) => repo.read(`orgs/coldchain/msp/${file}`);
const key = (keys: string, file: string) => readFileSync(join(keys, 'coldchain', file), 'utf8');

describe('consortium org reissue', () => {
  it("reissues the admin certificate and key under the org's CA as one org.update, keys outside the repository", async () => {
    const { repo, keys } = await memberWithKeys();
    const before = { admin: msp(repo, 'admin.pem'), ca: msp(repo, 'ca.pem'), adminKey: key(keys, 'admin-key.pem') };
    const run = await runCli(
      ['org', 'reissue', 'coldchain', '--key-dir', keys, '--repo', repo.dir, '--format', 'json'],
      { cwd: repo.dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      approvals: { changes: { kind: string; subject: string }[]; errors: string[] };
    };
    expect(out.approvals.errors).toEqual([]);
    expect(out.approvals.changes.map((c) => `${c.kind} ${c.subject}`)).toEqual(['org.update coldchain']);
    const admin = msp(repo, 'admin.pem');
    expect(admin).not.toBe(before.admin);
    expect(msp(repo, 'ca.pem')).toBe(before.ca);
    expect(new X509Certificate(admin).verify(new X509Certificate(before.ca).publicKey)).toBe(true);
    const newKey = key(keys, 'admin-key.pem');
    expect(newKey).not.toBe(before.adminKey);
    expect(new X509Certificate(admin).checkPrivateKey((await import('node:crypto')).createPrivateKey(newKey))).toBe(
      true,
    );
    // The old key set is kept beside it (retired), never in the repository.
    const retired = readdirSync(keys).filter((d) => d.startsWith('coldchain.retired-'));
    expect(retired).toHaveLength(1);
    expect(readFileSync(join(keys, retired[0]!, 'admin-key.pem'), 'utf8')).toBe(before.adminKey);
    const validate = await runCli(['validate', '--repo', repo.dir], { cwd: repo.dir });
    expect(validate.code, validate.stdout).toBe(0);
    expect(repo.git('status', '--porcelain')).toBe('M orgs/coldchain/msp/admin.pem'); // the helper trims the leading space;
  });

  it('with --ca reissues the CA, the TLS CA and every certificate under them', async () => {
    const { repo, keys } = await memberWithKeys();
    const before = { admin: msp(repo, 'admin.pem'), ca: msp(repo, 'ca.pem'), tlsca: msp(repo, 'tlsca.pem') };
    const caKey = key(keys, 'ca-key.pem');
    const run = await runCli(['org', 'reissue', 'coldchain', '--ca', '--key-dir', keys, '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/org\.update coldchain/);
    expect(msp(repo, 'ca.pem')).not.toBe(before.ca);
    expect(msp(repo, 'tlsca.pem')).not.toBe(before.tlsca);
    expect(new X509Certificate(msp(repo, 'admin.pem')).verify(new X509Certificate(msp(repo, 'ca.pem')).publicKey)).toBe(
      true,
    );
    expect(key(keys, 'ca-key.pem')).not.toBe(caKey);
    expect((await runCli(['validate', '--repo', repo.dir], { cwd: repo.dir })).code).toBe(0);
  });

  it('without the CA key says where it looked and writes nothing', async () => {
    const { repo, keys } = await memberWithKeys();
    rmSync(join(keys, 'coldchain', 'ca-key.pem'));
    const before = repo.snapshot();
    const run = await runCli(['org', 'reissue', 'coldchain', '--key-dir', keys, '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ca-key\.pem/);
    expect(run.stderr).toMatch(/--ca/);
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(keys, 'coldchain', 'admin-key.pem'))).toBe(true);
  });
});

describe('org reissue --ca of an org that runs a consenter', () => {
  it('reissues its pinned TLS certificate for every name clients dial, with the key where org secrets reads it', async () => {
    const repo = await example({ git: true });
    const keys = mkdtempSync(join(tmpdir(), 'consortium-keys-'));
    cleanup.push(() => rmSync(keys, { recursive: true, force: true }));
    const run = await runCli(['org', 'reissue', 'manufacturer', '--ca', '--key-dir', keys, '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const certificate = new X509Certificate(repo.read('orgs/manufacturer/msp/orderer0-tls.pem'));
    expect(certificate.subjectAltName?.split(', ')).toEqual([
      'DNS:orderer0.fabric.acme-manufacturing.example',
      'DNS:orderer0-manufacturer',
      'DNS:orderer0-manufacturer.fabric-acme',
      'DNS:orderer0-manufacturer.fabric-acme.svc',
      'DNS:orderer0-manufacturer.fabric-acme.svc.cluster.local',
    ]);
    expect(
      certificate.checkPrivateKey(createPrivateKey(readFileSync(join(keys, 'manufacturer', 'orderer0-tls-key.pem')))),
    ).toBe(true);
    const secrets = await runCli(['org', 'secrets', 'manufacturer', '--key-dir', keys, '--repo', repo.dir], {
      cwd: repo.dir,
    });
    expect(secrets.code, secrets.stderr).toBe(0);
    expect(secrets.stdout).toContain('name: orderer0-manufacturer-tls');
  });
});
