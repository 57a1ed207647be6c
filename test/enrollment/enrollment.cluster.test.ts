// Enrollment without hand work, on real binaries: a new member (`org init`, one peer, one
// orderer) gets its member-provided Secrets and the enrollment Job's access from
// `org secrets --kubeconfig` on a real API server; its Fabric CA runs natively from the rendered
// StatefulSet (enrollment CA and TLS CA in one fabric-ca-server v1.5.21); the rendered enrollment
// Job's script runs natively as the Job's ServiceAccount, with its own token. Then: every Secret
// the workloads mount holds a pair chaining to the committed CA or TLS CA with the right names; a
// rerun changes nothing; the ServiceAccount can touch no other Secret; a pair near expiry is
// replaced; the consenter's pinned TLS pair is never replaced.
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { ordererTlsHosts, peerTlsHosts } from '../../tools/src/model/endpoints.ts';
import { loadRepository } from '../../tools/src/model/load-repository.ts';
import type { Organization } from '../../tools/src/model/types.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { ENROLLMENT_ANNOTATION, enrolledIdentities } from '../../tools/src/render/enrollment.ts';
import { renderMembers } from '../../tools/src/render/render-consortium.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { createExampleRepo, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { findCluster, injectClusters, requireClusters, type TestCluster } from '../cluster/clusters.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { objectsOf } from '../render/support/render-fixtures.ts';
import { deleteNamespace, uniqueName } from '../reconcile/cluster-support.ts';
import { fabricCaBinDir, HOW_TO_BUILD_FABRIC_CA } from '../support/fabric-tools.ts';
import { requireFile } from '../support/requirements.ts';
import { runCli } from '../support/run-cli.ts';
import { startFabricCa, type NativeFabricCa } from './fabric-ca.ts';
import { runEnrollmentJob, type ScriptRun } from './rendered-enrollment.ts';

const clusters = injectClusters();
const server = requireFile(
  'enrollment suite (enrollment.cluster.test.ts)',
  join(fabricCaBinDir, 'fabric-ca-server'),
  HOW_TO_BUILD_FABRIC_CA,
);
const ORG = 'coldchain';

interface SecretJson {
  metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
}

describe.skipIf(!clusters.available || !server.available)('enrollment by the rendered Job on real binaries', () => {
  const cluster = (): TestCluster => findCluster(requireClusters(), 'c');
  const namespace = uniqueName('fabric-cold');
  const keys = mkdtempSync(join(tmpdir(), 'enroll-keys-'));
  let repo: ExampleRepo;
  let org: Organization;
  let rendered: KubeObject[];
  let ca: NativeFabricCa | undefined;
  let token = '';
  const now = new Date();

  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    requestKube(cluster(), {
      method: init.method ?? 'GET',
      path,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  const secretPath = (name = '') => `/api/v1/namespaces/${namespace}/secrets${name === '' ? '' : `/${name}`}`;
  const readSecret = async (name: string): Promise<SecretJson> => {
    const response = await api(secretPath(name));
    expect(response.status, response.body).toBe(200);
    return JSON.parse(response.body) as SecretJson;
  };
  const decoded = (secret: SecretJson, key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');
  const cli = (argv: string[]) => runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { HOME: keys } });
  const enrollmentJob = () => {
    const job = rendered.find((o) => o.kind === 'Job' && o.metadata.name.startsWith('fabric-enroll-'));
    if (job === undefined) throw new Error('render emitted no enrollment Job');
    return job;
  };
  const runJob = async (env: Record<string, string> = {}): Promise<ScriptRun> => {
    const secrets = new Map<string, KubeObject>();
    // What the kubelet would give the pod: the live member-provided Secrets.
    for (const name of [`ca-${ORG}-bootstrap`]) secrets.set(name, (await readSecret(name)) as unknown as KubeObject);
    const msp = rendered.find((o) => o.kind === 'ConfigMap' && o.metadata.name === `${ORG}-msp`);
    return runEnrollmentJob({
      job: enrollmentJob(),
      secrets,
      configMaps: new Map([[`${ORG}-msp`, (msp?.['data'] ?? {}) as Record<string, string>]]),
      caPort: ca?.port ?? 0,
      kube: { server: cluster().server, caFile: cluster().caFile, token },
      binDir: fabricCaBinDir,
      env,
    });
  };

  beforeAll(async () => {
    repo = await createExampleRepo();
    const init = await cli([
      'org',
      'init',
      ORG,
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
      '--peers',
      '1',
      '--namespace',
      namespace,
      '--cluster-name',
      'c',
      '--key-dir',
      keys,
    ]);
    expect(init.code, init.stderr + init.stdout).toBe(0);
    // One orderer whose TLS certificate is not committed yet: the Job enrolls it.
    const orgFile = join(repo.dir, 'orgs', ORG, 'org.yaml');
    writeFileSync(
      orgFile,
      readFileSync(orgFile, 'utf8').replace('orderers: []', 'orderers:\n  - name: orderer0\n    storage: 10Gi'),
    );
    const { model } = await loadRepository(createFilesystemReader(repo.dir));
    const found = model.orgs.find((o) => o.id === ORG);
    if (found === undefined) throw new Error(`${ORG} did not load`);
    org = found;
    const [member] = [...renderMembers(model, { orgs: [ORG] })];
    if (member === undefined) throw new Error('nothing rendered');
    rendered = objectsOf(member).map((o) => o.object as unknown as KubeObject);

    const created = await api('/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    });
    expect(created.status, created.body).toBe(201);
  });

  afterAll(async () => {
    await ca?.stop();
    repo?.remove();
    rmSync(keys, { recursive: true, force: true });
    if (clusters.available) await deleteNamespace(cluster(), namespace);
  });

  it('`org secrets --kubeconfig` creates the provided Secrets, the Job access and the empty Secrets; again, changes nothing', async () => {
    const args = ['org', 'secrets', ORG, '--key-dir', keys, '--kubeconfig', cluster().kubeconfig, '--format', 'json'];
    const first = await cli(args);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const results = (JSON.parse(first.stdout) as { results: { kind: string; name: string; action: string }[] }).results;
    expect(results.every((r) => r.action === 'created')).toBe(true);
    expect(results.map((r) => `${r.kind}/${r.name}`)).toEqual(
      expect.arrayContaining([
        `Secret/ca-${ORG}-signing`,
        `Secret/ca-${ORG}-tlsca-signing`,
        `Secret/ca-${ORG}-tls`,
        `Secret/ca-${ORG}-bootstrap`,
        'ServiceAccount/fabric-enroll',
        'Role/fabric-enroll',
        'RoleBinding/fabric-enroll',
        `Secret/peer0-${ORG}-tls`,
      ]),
    );
    const second = await cli(args);
    expect(second.code, second.stderr).toBe(0);
    const again = (JSON.parse(second.stdout) as { results: { action: string }[] }).results.map((r) => r.action);
    expect(new Set(again)).toEqual(new Set(['unchanged', 'kept']));
  });

  it("runs the rendered CA (enrollment CA and TLS CA) from the cluster's Secrets", async () => {
    const statefulSet = rendered.find((o) => o.kind === 'StatefulSet' && o.metadata.name === `ca-${ORG}`);
    if (statefulSet === undefined) throw new Error('no CA StatefulSet rendered');
    const secrets = new Map<string, KubeObject>();
    for (const name of [`ca-${ORG}-signing`, `ca-${ORG}-tlsca-signing`, `ca-${ORG}-tls`, `ca-${ORG}-bootstrap`])
      secrets.set(name, (await readSecret(name)) as unknown as KubeObject);
    ca = await startFabricCa({ statefulSet, secrets, binDir: fabricCaBinDir });
    const log = readFileSync(ca.logFile, 'utf8');
    expect(log).toContain(`Loading CA from`);
    const issued = await api(`/api/v1/namespaces/${namespace}/serviceaccounts/fabric-enroll/token`, {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 3600 } },
    });
    expect(issued.status, issued.body).toBe(201);
    token = (JSON.parse(issued.body) as { status: { token: string } }).status.token;
  });

  it('enrolls every identity the workloads mount: pairs chaining to the committed CAs, the right roles and names', async () => {
    const run = await runJob();
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const caCert = new X509Certificate(repo.read(`orgs/${ORG}/msp/ca.pem`));
    const tlsCaCert = new X509Certificate(repo.read(`orgs/${ORG}/msp/tlsca.pem`));
    const identities = enrolledIdentities(org, () => undefined);
    expect(identities.map((i) => i.secret).sort()).toEqual(
      [
        `${ORG}-admin-msp`,
        `${ORG}-admin-tls`,
        `orderer0-${ORG}-msp`,
        `orderer0-${ORG}-tls`,
        `peer0-${ORG}-msp`,
        `peer0-${ORG}-tls`,
      ].sort(),
    );
    for (const identity of identities) {
      const secret = await readSecret(identity.secret);
      const [certKey, keyKey] = identity.pair === 'tls' ? ['tls.crt', 'tls.key'] : ['cert.pem', 'key.pem'];
      const cert = new X509Certificate(decoded(secret, certKey));
      const issuer = identity.pair === 'tls' ? tlsCaCert : caCert;
      expect([identity.secret, cert.checkIssued(issuer), cert.verify(issuer.publicKey)]).toEqual([
        identity.secret,
        true,
        true,
      ]);
      const publicOfKey = createPublicKey(createPrivateKey(decoded(secret, keyKey))).export({
        type: 'spki',
        format: 'der',
      });
      expect(publicOfKey.equals(cert.publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
      // NodeOUs: the role is the OU Fabric CA writes from the identity type.
      expect(cert.subject).toContain(`OU=${identity.type}`);
      expect(cert.subject).toContain(`CN=${identity.enrollmentId}`);
      if (identity.pair === 'tls') {
        expect(decoded(secret, 'ca.crt')).toBe(repo.read(`orgs/${ORG}/msp/tlsca.pem`));
        expect(cert.keyUsage ?? []).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
      }
      expect(secret.metadata.annotations?.[ENROLLMENT_ANNOTATION]).toContain(identity.enrollmentId);
    }
    const sans = async (name: string) =>
      (new X509Certificate(decoded(await readSecret(name), 'tls.crt')).subjectAltName ?? '')
        .split(', ')
        .map((s) => s.replace(/^DNS:/, ''))
        .sort();
    expect(await sans(`peer0-${ORG}-tls`)).toEqual([...peerTlsHosts(org, org.peers[0]!)].sort());
    expect(await sans(`orderer0-${ORG}-tls`)).toEqual([...ordererTlsHosts(org, org.orderers[0]!)].sort());
  });

  it('changes nothing when run again', async () => {
    const names = enrolledIdentities(org, () => undefined).map((i) => i.secret);
    const before = await Promise.all(names.map(async (n) => (await readSecret(n)).metadata.resourceVersion));
    const run = await runJob();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n').filter((l) => l.includes('up to date'))).toHaveLength(names.length);
    const after = await Promise.all(names.map(async (n) => (await readSecret(n)).metadata.resourceVersion));
    expect(after).toEqual(before);
  });

  it("gives the Job's ServiceAccount no Secret but its own: the API server refuses the others", async () => {
    const asJob = (path: string, method = 'GET', body?: unknown) =>
      fetchAs(cluster(), token, path, method, body === undefined ? undefined : JSON.stringify(body));
    const forbidden = [
      await asJob(secretPath(`ca-${ORG}-signing`)),
      await asJob(secretPath(`ca-${ORG}-bootstrap`)),
      await asJob(secretPath()),
      await asJob(secretPath(), 'POST', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'stolen' } }),
      await asJob(`/api/v1/namespaces/kube-system/secrets`),
      await asJob(secretPath(`ca-${ORG}-signing`), 'DELETE'),
      await asJob(secretPath(`peer0-${ORG}-tls`), 'DELETE'),
    ];
    expect(forbidden).toEqual(forbidden.map(() => 403));
    expect(await asJob(secretPath(`peer0-${ORG}-tls`))).toBe(200);
  });

  it('replaces a pair near expiry, and only that one', async () => {
    const name = `peer0-${ORG}-tls`;
    const current = await readSecret(name);
    // A pair from the same TLS CA for the same names, two days from expiry.
    const shortLived = await issueTlsCertificate({
      issuer: {
        certificate: repo.read(`orgs/${ORG}/msp/tlsca.pem`),
        key: readFileSync(join(keys, ORG, 'tlsca-key.pem'), 'utf8'),
      },
      host: peerTlsHosts(org, org.peers[0]!)[0]!,
      alternativeNames: peerTlsHosts(org, org.peers[0]!).slice(1),
      organization: ORG,
      validity: { days: 2 },
      now,
    });
    const replaced = await api(secretPath(name), {
      method: 'PUT',
      body: {
        ...current,
        data: {
          ...current.data,
          'tls.crt': Buffer.from(shortLived.certificate).toString('base64'),
          'tls.key': Buffer.from(shortLived.key).toString('base64'),
        },
      },
    });
    expect(replaced.status, replaced.body).toBe(200);
    const others = enrolledIdentities(org, () => undefined)
      .map((i) => i.secret)
      .filter((n) => n !== name);
    const before = await Promise.all(others.map(async (n) => (await readSecret(n)).metadata.resourceVersion));

    const run = await runJob();
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${name}: enrolled peer0-${ORG}`);
    const renewed = new X509Certificate(decoded(await readSecret(name), 'tls.crt'));
    expect(new Date(renewed.validTo).getTime() - Date.now()).toBeGreaterThan(300 * 24 * 3600 * 1000);
    expect(renewed.checkIssued(new X509Certificate(repo.read(`orgs/${ORG}/msp/tlsca.pem`)))).toBe(true);
    const after = await Promise.all(others.map(async (n) => (await readSecret(n)).metadata.resourceVersion));
    expect(after).toEqual(before);
  });

  it("never replaces a consenter's pinned TLS pair, and says which certificate the Secret must hold", async () => {
    // The orderer's enrolled certificate committed as its tlsCert, as the member does after the first run.
    const orderer = `orderer0-${ORG}-tls`;
    const committed = decoded(await readSecret(orderer), 'tls.crt');
    writeFileSync(join(repo.dir, 'orgs', ORG, 'msp', 'orderer0-tls.pem'), committed);
    const orgFile = join(repo.dir, 'orgs', ORG, 'org.yaml');
    writeFileSync(
      orgFile,
      readFileSync(orgFile, 'utf8').replace('storage: 10Gi', 'storage: 10Gi\n    tlsCert: msp/orderer0-tls.pem'),
    );
    const { model } = await loadRepository(createFilesystemReader(repo.dir));
    rendered = objectsOf([...renderMembers(model, { orgs: [ORG] })][0]!).map((o) => o.object as unknown as KubeObject);
    const held = await readSecret(orderer);
    // Near expiry by the Job's measure: still not replaced, only reported.
    const near = await runJob({ RENEW_BEFORE_SECONDS: String(5 * 365 * 24 * 3600) });
    expect(near.stderr).toContain(`${orderer}: the committed consenter TLS certificate expires`);
    expect((await readSecret(orderer)).metadata.resourceVersion).toBe(held.metadata.resourceVersion);
    // Another pair in the Secret: refused with what to do, left as it is.
    const other = await readSecret(`peer0-${ORG}-tls`);
    const swapped = await api(secretPath(orderer), {
      method: 'PUT',
      body: { ...held, data: { ...held.data, 'tls.crt': other.data?.['tls.crt'], 'tls.key': other.data?.['tls.key'] } },
    });
    expect(swapped.status, swapped.body).toBe(200);
    const refused = await runJob();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${orderer}: holds`);
    expect(refused.stderr).toContain('not the committed consenter TLS certificate');
    expect(decoded(await readSecret(orderer), 'tls.crt')).toBe(decoded(other, 'tls.crt'));

    // The member keeps the consenter's key beside the CA keys: `org secrets` puts the pinned pair
    // back (checked against the committed certificate), and the Job accepts it.
    writeFileSync(join(keys, ORG, 'orderer0-tls-key.pem'), decoded(held, 'tls.key'), { mode: 0o600 });
    const restore = await cli([
      'org',
      'secrets',
      ORG,
      '--key-dir',
      keys,
      '--kubeconfig',
      cluster().kubeconfig,
      '--format',
      'json',
    ]);
    expect(restore.code, restore.stderr + restore.stdout).toBe(0);
    const results = (JSON.parse(restore.stdout) as { results: { name: string; action: string }[] }).results;
    expect(results.find((r) => r.name === orderer)?.action).toBe('replaced');
    expect(decoded(await readSecret(orderer), 'tls.crt')).toBe(committed);
    const accepted = await runJob();
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain(`${orderer}: the committed consenter TLS certificate, valid until`);
  });
});

/** An HTTP status from the API server as the bearer of `token` (no client certificate). */
async function fetchAs(
  cluster: TestCluster,
  token: string,
  path: string,
  method: string,
  body?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, cluster.server),
      {
        method,
        ca: readFileSync(cluster.caFile),
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
