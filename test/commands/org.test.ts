import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useExampleRepos, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { runCli as runCliInProcess } from '../support/run-cli.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});
const example = useExampleRepos();
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'consortium-home-'));
  cleanup.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}
const now = new Date('2027-06-01T00:00:00Z');
const initArgs = (repo: ExampleRepo, id = 'coldchain') => [
  'org',
  'init',
  id,
  '--msp-id',
  'NordicColdChainMSP',
  '--region',
  'eu-north',
  '--domain',
  'nordic-coldchain.example',
  '--display-name',
  'Nordic Cold Chain AB',
  '--admin',
  'ingrid-nordic:55501234',
  '--admin',
  'olle-ops:55505678',
  '--repo',
  repo.dir,
];

describe('consortium org init', () => {
  it('writes org.yaml and public certificates in the repository and private keys 0600 under the home directory', async () => {
    const repo = await example();
    const home = tempHome();
    const run = await runCli([...initArgs(repo), '--format', 'json'], { cwd: repo.dir, home, now });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      written: string[];
      keyDir: string;
      approvals: { changes: { kind: string; missing: string[] }[] };
    };
    expect(out.written).toEqual([
      'orgs/coldchain/msp/admin.pem',
      'orgs/coldchain/msp/ca.pem',
      'orgs/coldchain/msp/config.yaml',
      'orgs/coldchain/msp/tlsca.pem',
      'orgs/coldchain/org.yaml',
    ]);
    const orgYaml = repo.read('orgs/coldchain/org.yaml');
    expect(orgYaml.startsWith('# yaml-language-server: $schema=../../schemas/organization.schema.json\n')).toBe(true);
    expect(parse(orgYaml)).toMatchObject({
      kind: 'Organization',
      id: 'coldchain',
      mspId: 'NordicColdChainMSP',
      region: 'eu-north',
      admins: [
        { github: 'ingrid-nordic', githubId: 55501234 },
        { github: 'olle-ops', githubId: 55505678 },
      ],
      msp: { caCert: 'msp/ca.pem', tlsCaCert: 'msp/tlsca.pem', adminCerts: ['msp/admin.pem'] },
    });
    // Public certificates: the admin is issued by the CA, with OU=admin for NodeOUs.
    const ca = new X509Certificate(repo.read('orgs/coldchain/msp/ca.pem'));
    const admin = new X509Certificate(repo.read('orgs/coldchain/msp/admin.pem'));
    expect(ca.ca).toBe(true);
    expect(admin.checkIssued(ca)).toBe(true);
    expect(admin.subject).toMatch(/OU=admin/);
    expect(repo.read('orgs/coldchain/msp/config.yaml')).toMatch(/NodeOUs:\n {2}Enable: true/);
    for (const pem of ['ca.pem', 'tlsca.pem', 'admin.pem'])
      expect(repo.read(`orgs/coldchain/msp/${pem}`)).not.toMatch(/PRIVATE KEY/);
    // Private keys: outside the repository, owner-only.
    const keyDir = join(home, '.config', 'consortium-gitops', 'keys', 'coldchain');
    expect(out.keyDir).toBe(keyDir);
    expect(readdirSync(keyDir).sort()).toEqual([
      'admin-key.pem',
      'admin-tls-cert.pem',
      'admin-tls-key.pem',
      'ca-key.pem',
      'tlsca-key.pem',
    ]);
    for (const file of readdirSync(keyDir)) expect(statSync(join(keyDir, file)).mode & 0o777).toBe(0o600);
    // The admin's TLS client certificate: issued by the TLS CA, client authentication only, with the
    // display name as O=; its key is in the key directory and nowhere in the repository.
    const tlsCa = new X509Certificate(repo.read('orgs/coldchain/msp/tlsca.pem'));
    const adminTls = new X509Certificate(readFileSync(join(keyDir, 'admin-tls-cert.pem')));
    expect(adminTls.checkIssued(tlsCa)).toBe(true);
    expect(adminTls.verify(tlsCa.publicKey)).toBe(true);
    expect(adminTls.subject).toMatch(/O=Nordic Cold Chain AB\nCN=Admin@nordic-coldchain.example/);
    expect(admin.subject).toMatch(/O=Nordic Cold Chain AB/);
    expect(adminTls.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(adminTls.ca).toBe(false);
    expect(JSON.stringify(repo.snapshot())).not.toContain(
      readFileSync(join(keyDir, 'admin-tls-key.pem'), 'utf8').split('\n')[1],
    );
    // The new org's joining is an org.add that needs the current members and the org itself.
    const add = out.approvals.changes.find((c) => c.kind === 'org.add');
    expect(add?.missing.join(' ')).toMatch(/NordicColdChainMSP/);
    const validate = await runCli(['validate', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(validate.code).toBe(0);
  });

  it('refuses an id that is not DNS-1123, a duplicate MSP ID and an existing org, writing nothing anywhere', async () => {
    const repo = await example();
    const home = tempHome();
    const before = repo.snapshot();
    const badId = await runCli(initArgs(repo, 'Cold_Chain'), { cwd: repo.dir, home, now });
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/org id "Cold_Chain" is not a DNS-1123 label/);
    const duplicateMsp = await runCli([...initArgs(repo), '--msp-id', 'HarborviewRetailMSP'], {
      cwd: repo.dir,
      home,
      now,
    });
    expect(duplicateMsp.code).toBe(1);
    expect(duplicateMsp.stderr).toMatch(/MSP ID HarborviewRetailMSP is already used by retailer/);
    const existing = await runCli(initArgs(repo, 'retailer'), { cwd: repo.dir, home, now });
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(/organization retailer already exists/);
    const noAdmin = await runCli(
      initArgs(repo).filter((a, i, all) => a !== '--admin' && all[i - 1] !== '--admin'),
      { cwd: repo.dir, home, now },
    );
    expect(noAdmin.code).toBe(2);
    expect(noAdmin.stderr).toMatch(/at least one --admin/);
    expect(repo.snapshot()).toEqual(before);
    expect(readdirSync(home)).toEqual([]);
  });

  it('refuses a key directory inside the repository, also through a symbolic link, writing nothing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const inside = await runCli([...initArgs(repo), '--key-dir', join(repo.dir, 'keys')], { cwd: repo.dir, now });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/--key-dir .* is inside the repository/);
    const relative = await runCli([...initArgs(repo), '--key-dir', 'orgs'], { cwd: repo.dir, now });
    expect(relative.code).toBe(2);
    expect(relative.stderr).toMatch(/inside the repository/);
    const home = tempHome();
    symlinkSync(join(repo.dir, 'orgs'), join(home, 'link'));
    const linked = await runCli([...initArgs(repo), '--key-dir', join(home, 'link')], { cwd: repo.dir, home, now });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toMatch(/inside the repository/);
    expect(repo.snapshot()).toEqual(before);
  });

  it('refuses to overwrite an existing key directory', async () => {
    const repo = await example();
    const home = tempHome();
    expect((await runCli(initArgs(repo), { cwd: repo.dir, home, now })).code).toBe(0);
    const second = await example();
    const before = second.snapshot();
    const again = await runCli(initArgs(second), { cwd: second.dir, home, now });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; move it away/);
    expect(second.snapshot()).toEqual(before);
  });

  it('--dry-run writes neither repository files nor keys', async () => {
    const repo = await example();
    const home = tempHome();
    const before = repo.snapshot();
    const run = await runCli([...initArgs(repo), '--dry-run'], { cwd: repo.dir, home, now });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/org\.add coldchain/);
    expect(repo.snapshot()).toEqual(before);
    expect(existsSync(join(home, '.config'))).toBe(false);
  });

  it('asks at a terminal for what the flags did not give, and takes the answers as those flags', async () => {
    const repo = await example();
    const home = tempHome();
    const answers = [
      'NordicColdChainMSP',
      'eu-north',
      'nordic-coldchain.example',
      'ingrid-nordic:55501234',
      'Nordic Cold Chain AB',
      'ncc-prod-eu-north-1',
      'gp3',
      '198.51.100.0/24',
    ];
    const run = await runCliInProcess(['org', 'init', 'coldchain', '--format', 'json'], {
      cwd: repo.dir,
      env: { HOME: home },
      now,
      stdin: `${answers.join('\n')}\n`,
      stdinIsTty: true,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('MSP ID, e.g. NordicDistributionMSP (--msp-id): ');
    expect(parse(repo.read('orgs/coldchain/org.yaml'))).toMatchObject({
      mspId: 'NordicColdChainMSP',
      displayName: 'Nordic Cold Chain AB',
      cluster: { name: 'ncc-prod-eu-north-1', storageClass: 'gp3' },
      network: { egressCidrs: ['198.51.100.0/24'] },
    });
    // Off a terminal nothing is asked: a missing flag is a usage error, as in CI.
    const ci = await runCli(['org', 'init', 'other'], { cwd: repo.dir, home, now });
    expect(ci.code).toBe(2);
    expect(ci.stderr).not.toContain('(--msp-id): ');
  });
});

describe('consortium org remove', () => {
  it('refuses to remove an org that runs a Raft consenter, writing nothing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const run = await runCli(['org', 'remove', 'logistics', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/runs Raft consenter orderer0/);
    expect(run.stderr).toMatch(/one consenter change at a time/);
    expect(repo.snapshot()).toEqual(before);
  });

  it('removes the folder and every reference, keeping the comments of the files it edits', async () => {
    const repo = await example();
    const home = tempHome();
    expect((await runCli(initArgs(repo), { cwd: repo.dir, home, now })).code).toBe(0);
    expect(
      (await runCli(['channel', 'add-member', 'recalls', 'coldchain', '--repo', repo.dir], { cwd: repo.dir, now }))
        .code,
    ).toBe(0);
    const joined = repo.snapshot();
    // The recall-notices chaincode is not installed on coldchain, so only membership and anchor peer go.
    const run = await runCli(['org', 'remove', 'coldchain', '--repo', repo.dir, '--format', 'json'], {
      cwd: repo.dir,
      now,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      deleted: string[];
      written: string[];
      channels: string[];
      approvals: { changes: { kind: string; critical: boolean }[] };
    };
    expect(out.channels).toEqual(['recalls']);
    expect(out.deleted).toContain('orgs/coldchain/org.yaml');
    expect(existsSync(join(repo.dir, 'orgs/coldchain'))).toBe(false);
    expect(repo.read('channels/recalls/channel.yaml')).toBe(createdRecalls(joined));
    expect(out.approvals.changes.find((c) => c.kind === 'org.remove')?.critical).toBe(true);
  });
});

function createdRecalls(snapshot: Record<string, string>): string {
  return (snapshot['channels/recalls/channel.yaml'] ?? '')
    .replace('  - coldchain\n', '')
    .replace('  - org: coldchain\n    peer: peer0\n', '');
}

describe('consortium org remove, references beyond membership', () => {
  it('takes the org out of chaincode installedOn lists as well', async () => {
    const repo = await example();
    const home = tempHome();
    expect((await runCli(initArgs(repo), { cwd: repo.dir, home, now })).code).toBe(0);
    expect(
      (await runCli(['channel', 'add-member', 'traceability', 'coldchain', '--repo', repo.dir], { cwd: repo.dir, now }))
        .code,
    ).toBe(0);
    const image = /^image: (.*)$/m.exec(repo.read('channels/traceability/chaincodes/provenance.yaml'))?.[1] ?? '';
    const install = await runCli(
      [
        'chaincode',
        'propose',
        'traceability',
        'provenance',
        '--version',
        '1.0.0',
        '--image',
        image,
        '--installed-on',
        'manufacturer,logistics,retailer,coldchain',
        '--repo',
        repo.dir,
        '--format',
        'json',
      ],
      { cwd: repo.dir, now },
    );
    expect(install.stderr).toBe('');
    // Where a chaincode runs is not part of its Fabric definition: no new sequence.
    expect((JSON.parse(install.stdout) as { sequence: number }).sequence).toBe(1);
    const withOrg = repo.read('channels/traceability/chaincodes/provenance.yaml');
    expect(withOrg).toContain('  - retailer\n  - coldchain\n');
    const run = await runCli(['org', 'remove', 'coldchain', '--repo', repo.dir, '--format', 'json'], {
      cwd: repo.dir,
      now,
    });
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { chaincodes: string[] }).chaincodes).toEqual(['traceability/provenance']);
    expect(repo.read('channels/traceability/chaincodes/provenance.yaml')).toBe(withOrg.replace('  - coldchain\n', ''));
  });

  it('refuses to remove the last member of a channel', async () => {
    const repo = await example();
    const home = tempHome();
    expect((await runCli(initArgs(repo), { cwd: repo.dir, home, now })).code).toBe(0);
    expect(
      (
        await runCli(['channel', 'propose', 'solo', '--members', 'coldchain', '--repo', repo.dir], {
          cwd: repo.dir,
          now,
        })
      ).code,
    ).toBe(0);
    const before = repo.snapshot();
    const run = await runCli(['org', 'remove', 'coldchain', '--repo', repo.dir], { cwd: repo.dir, now });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/only member of channel solo; remove the channel first/);
    expect(repo.snapshot()).toEqual(before);
  });
});
