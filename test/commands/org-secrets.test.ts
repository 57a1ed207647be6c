import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { useExampleRepos, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../support/run-cli.ts';

// What a member provides to its cluster, from the key directory `org init` wrote (the cluster
// suite test/enrollment/enrollment.cluster.test.ts applies it to a real API server).
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});
const example = useExampleRepos();

interface Manifest {
  kind: string;
  type?: string;
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  rules?: { resources: string[]; resourceNames: string[]; verbs: string[] }[];
}

async function member(): Promise<{
  repo: ExampleRepo;
  keys: string;
  cli: (argv: string[]) => ReturnType<typeof runCli>;
}> {
  const repo = await example();
  const keys = mkdtempSync(join(tmpdir(), 'consortium-keys-'));
  cleanup.push(() => rmSync(keys, { recursive: true, force: true }));
  const cli = (argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { HOME: keys } });
  const init = await cli([
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
    '--namespace',
    'fabric-cold',
    '--key-dir',
    keys,
  ]);
  expect(init.code, init.stderr).toBe(0);
  return { repo, keys, cli };
}

const decode = (m: Manifest | undefined, key: string) => Buffer.from(m?.data?.[key] ?? '', 'base64').toString('utf8');

describe('consortium org secrets', () => {
  it('prints the provided Secrets, the Job access and the empty Secrets as one YAML stream for kubectl apply', async () => {
    const { repo, keys, cli } = await member();
    const run = await cli(['org', 'secrets', 'coldchain', '--key-dir', keys]);
    expect(run.code, run.stderr).toBe(0);
    const objects = loadAll(run.stdout) as Manifest[];
    const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
    expect(objects.every((o) => o.metadata.namespace === 'fabric-cold')).toBe(true);
    // The signing pairs are the committed certificates with their keys.
    expect(decode(byName('Secret', 'ca-coldchain-signing'), 'ca.crt')).toBe(repo.read('orgs/coldchain/msp/ca.pem'));
    expect(decode(byName('Secret', 'ca-coldchain-tlsca-signing'), 'ca.crt')).toBe(
      repo.read('orgs/coldchain/msp/tlsca.pem'),
    );
    expect(decode(byName('Secret', 'ca-coldchain-tlsca-signing'), 'ca.key')).toContain('PRIVATE KEY');
    // The CA's listener: from the TLS CA, for every in-cluster name of the CA's Service.
    const listener = byName('Secret', 'ca-coldchain-tls');
    expect(listener?.type).toBe('kubernetes.io/tls');
    const cert = new X509Certificate(decode(listener, 'tls.crt'));
    expect(cert.checkIssued(new X509Certificate(repo.read('orgs/coldchain/msp/tlsca.pem')))).toBe(true);
    expect(cert.subjectAltName).toBe(
      'DNS:ca-coldchain, DNS:ca-coldchain.fabric-cold, DNS:ca-coldchain.fabric-cold.svc, DNS:ca-coldchain.fabric-cold.svc.cluster.local',
    );
    // The Role names exactly the Secrets the Job fills, which are created empty; no create verb.
    const role = byName('Role', 'fabric-enroll');
    expect(role?.rules).toEqual([
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: [
          'coldchain-admin-msp',
          'coldchain-admin-tls',
          'peer0-coldchain-msp',
          'peer0-coldchain-tls',
          'peer1-coldchain-msp',
          'peer1-coldchain-tls',
        ],
        verbs: ['get', 'update'],
      },
    ]);
    for (const name of role?.rules?.[0]?.resourceNames ?? []) {
      const placeholder = byName('Secret', name);
      expect([name, placeholder?.data]).toEqual([name, undefined]);
      expect(placeholder?.metadata.annotations?.['fabric.consortium/filled-by']).toBe('the fabric-enroll Job');
    }
    expect(byName('ServiceAccount', 'fabric-enroll')).toBeDefined();
    expect(byName('RoleBinding', 'fabric-enroll')).toBeDefined();
    expect(decode(byName('Secret', 'peer0-coldchain-couchdb-admin'), 'username')).toBe('admin');
  });

  it('generates the registrar and CouchDB credentials once, into the key directory (0600), and reuses them', async () => {
    const { keys, cli } = await member();
    const password = async () => {
      const run = await cli(['org', 'secrets', 'coldchain', '--key-dir', keys, '--format', 'json']);
      expect(run.code, run.stderr).toBe(0);
      const { objects } = JSON.parse(run.stdout) as { objects: Manifest[] };
      return {
        stderr: run.stderr,
        value: decode(
          objects.find((o) => o.metadata.name === 'ca-coldchain-bootstrap'),
          'password',
        ),
      };
    };
    const first = await password();
    expect(first.stderr).toContain('cluster-credentials.json');
    expect(first.value).toMatch(/^[0-9a-f]{48}$/);
    expect(statSync(join(keys, 'coldchain', 'cluster-credentials.json')).mode & 0o777).toBe(0o600);
    const second = await password();
    expect(second.value).toBe(first.value);
    expect(second.stderr).toBe('');
  });

  it('refuses a key that is not the committed CA certificate’s, naming the file and what to do', async () => {
    const { keys, cli } = await member();
    copyFileSync(join(keys, 'coldchain', 'ca-key.pem'), join(keys, 'coldchain', 'tlsca-key.pem'));
    const run = await cli(['org', 'secrets', 'coldchain', '--key-dir', keys, '--format', 'json']);
    expect(run.code).toBe(1);
    const { error } = JSON.parse(run.stdout) as { error: { message: string } };
    expect(error.message).toContain(join(keys, 'coldchain', 'tlsca-key.pem'));
    expect(error.message).toContain('is not the key of orgs/coldchain/msp/tlsca.pem');
    expect(error.message).toContain('--key-dir');
  });

  it('is a usage error without the key directory or with an unknown org', async () => {
    const { keys, cli } = await member();
    const missing = await cli(['org', 'secrets', 'coldchain', '--key-dir', join(keys, 'elsewhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('pass --key-dir DIR');
    const unknown = await cli(['org', 'secrets', 'nobody', '--key-dir', keys]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no member organization "nobody"');
  });
});
