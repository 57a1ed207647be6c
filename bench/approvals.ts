// `npm run bench:approvals`: judges a pull request on a 200-org consortium (50 changed files,
// 150 reviews) in GitHub mode against the fake GitHub, and prints the wall time and the number of
// API requests. Baselines measured in the same run:
//   - time: loading and validating the head revision once (the floor any evaluation pays);
//   - requests: the target 1 + pages(files) + pages(commits) + pages(reviews) reads, ≤ 2 writes.
import { openGitRepository } from '../tools/src/adapters/git.ts';
import { createGithubClient, createOctokit } from '../tools/src/adapters/github.ts';
import { runPullRequestApprovals } from '../tools/src/commands/approvals-github.ts';
import { loadRepository } from '../tools/src/model/load-repository.ts';
import { runRules } from '../tools/src/rules/index.ts';
import { createRuleContext } from '../tools/src/rules/context.ts';
import { createGitRepo } from '../test/support/git-repo.ts';
import { generateOrgCertificates } from '../test/support/test-certificates.ts';
import { buildUser } from '../test/support/fake-github/payloads.ts';
import { startFakeGithub } from '../test/support/fake-github/server.ts';
import { channelYaml, consortiumYaml } from './consortium-yaml.ts';

const orgCount = 200;
const changedOrgs = 44; // + 1 new org (5 files) + 1 docs file = 50 files
const reviewCount = 150;

const pad = (i: number) => String(i).padStart(3, '0');
const orgId = (i: number) => `member${pad(i)}`;
const mspId = (i: number) => `Member${pad(i)}MSP`;
const admins = (i: number) => [
  { login: `admin-a-${pad(i)}`, id: 1_000_000 + i * 2 },
  { login: `admin-b-${pad(i)}`, id: 1_000_001 + i * 2 },
];

function orgYaml(i: number, storage: string): string {
  return `apiVersion: consortium.gitops/v1alpha1
kind: Organization
id: ${orgId(i)}
mspId: ${mspId(i)}
displayName: Member ${i}
region: eu-west
domain: member${pad(i)}.example
admins:
${admins(i)
  .map((a) => `  - github: ${a.login}\n    githubId: ${a.id}\n`)
  .join('')}msp:
  caCert: msp/ca.pem
  tlsCaCert: msp/tlsca.pem
  adminCerts:
    - msp/admin.pem
cluster:
  name: cluster-${pad(i)}
  namespace: fabric-${pad(i)}
  storageClass: premium
  ingress:
    className: nginx
    domain: fabric.member${pad(i)}.example
peers:
  - name: peer0
    stateDb: couchdb
    storage: ${storage}
orderers:
  - name: orderer0
    storage: 50Gi
ca:
  storage: 2Gi
`;
}

const nodeOus = ['client', 'peer', 'admin', 'orderer']
  .map(
    (ou) =>
      `  ${ou[0]?.toUpperCase()}${ou.slice(1)}OUIdentifier:\n    Certificate: cacerts/ca.pem\n    OrganizationalUnitIdentifier: ${ou}\n`,
  )
  .join('');
const mspConfig = `NodeOUs:\n  Enable: true\n${nodeOus}`;

async function buildRepository() {
  const files: Record<string, string> = { 'README.md': '# Bench consortium\n' };
  const certificates = await Promise.all(
    Array.from({ length: orgCount + 1 }, (_, i) => generateOrgCertificates({ name: orgId(i) })),
  );
  const addOrg = (i: number, storage = '100Gi') => {
    const c = certificates[i];
    if (c === undefined) throw new Error('missing certificates');
    files[`orgs/${orgId(i)}/org.yaml`] = orgYaml(i, storage);
    files[`orgs/${orgId(i)}/msp/config.yaml`] = mspConfig;
    files[`orgs/${orgId(i)}/msp/ca.pem`] = c.caCert;
    files[`orgs/${orgId(i)}/msp/tlsca.pem`] = c.tlsCaCert;
    files[`orgs/${orgId(i)}/msp/admin.pem`] = c.adminCert;
  };
  for (let i = 0; i < orgCount; i += 1) addOrg(i);
  files['consortium/consortium.yaml'] = consortiumYaml({
    name: 'bench',
    displayName: 'Bench Consortium',
    consenters: [0, 1, 2, 3, 4].map(orgId),
    governance: `  critical:
    kinds: [org.remove, org.admins.update, governance.update, ordering.update, toolkit.update]
    adminsPerOrg: 2
    minimumOpenHours: 24
`,
  });
  const members = Array.from({ length: orgCount }, (_, i) => orgId(i));
  files['channels/global/channel.yaml'] = channelYaml('global', members);
  const repo = createGitRepo({ prefix: 'consortium-bench-' });
  const base = repo.commit({ branch: 'main', files, message: 'consortium' });
  const change: Record<string, string> = { 'docs/joining.md': '# Joining\n' };
  for (let i = 0; i < changedOrgs; i += 1) change[`orgs/${orgId(i)}/org.yaml`] = orgYaml(i, '200Gi');
  const before = Object.keys(files).length;
  addOrg(orgCount);
  for (const path of Object.keys(files).slice(before)) change[path] = files[path] ?? '';
  const head = repo.commit({ branch: 'pr', from: 'main', files: change, message: 'grow' });
  return { repo, base, head, changedPaths: Object.keys(change).sort() };
}

const started = Date.now();
const { repo, base, head, changedPaths } = await buildRepository();
console.log(
  `built a ${orgCount}-org repository with a ${changedPaths.length}-file pull request in ${Date.now() - started} ms`,
);

const gh = await startFakeGithub();
const author = buildUser(`admin-a-${pad(orgCount)}`, 1_000_000 + orgCount * 2);
const reviewers = Array.from({ length: reviewCount }, (_, k) => admins(k % orgCount)[k < orgCount ? 0 : 1]);
gh.pulls.set(1, {
  spec: {
    number: 1,
    title: 'Grow',
    author,
    baseRef: 'main',
    baseSha: base,
    headRef: 'pr',
    headSha: head,
    createdAt: '2026-01-01T00:00:00Z',
    changedFiles: 0,
    commits: 0,
    state: 'open',
  },
  files: changedPaths.map((filename) => ({
    filename,
    status:
      filename.includes(orgId(orgCount)) || filename.startsWith('docs/') ? ('added' as const) : ('modified' as const),
  })),
  commits: [{ sha: head, author }],
  reviews: reviewers.map((r, k) => ({
    id: k + 1,
    user: r === undefined ? null : buildUser(r.login, r.id),
    state: k % 10 === 9 ? 'COMMENTED' : 'APPROVED',
    commitId: head,
    submittedAt: new Date(Date.UTC(2026, 0, 2) + k * 1000).toISOString(),
    body: '',
  })),
});

const git = openGitRepository(repo.dir);
const now = new Date();

// Baseline: load and validate the head once (measured warm, after one untimed load).
const measureFloor = async () => {
  const t0 = performance.now();
  const loaded = await loadRepository(await git.readerAt(head));
  runRules(createRuleContext({ model: loaded.model, now }));
  return performance.now() - t0;
};
await measureFloor();
const floorMs = await measureFloor();

const client = () =>
  createGithubClient({ octokit: createOctokit({ token: gh.token, baseUrl: gh.url }), owner: gh.owner, repo: gh.repo });
const timed = async (readOnly: boolean) => {
  const t0 = performance.now();
  const result = await runPullRequestApprovals({ git, github: client(), number: 1, now, readOnly });
  return { result, ms: performance.now() - t0 };
};
const first = await timed(false); // creates the check run and the sticky comment
const again = await timed(false); // a later event: finds and updates the comment
const readOnly = await timed(true); // reads and judges only

const pages = (n: number) => Math.max(1, Math.ceil(n / 100));
const targetReads = 1 + pages(changedPaths.length) + pages(1) + pages(reviewCount);
const { result } = first;
console.log(`verdict: ${result.verdict}; ${result.changes.length} changes; ${result.errors.length} errors`);
console.log(
  `wall time: ${first.ms.toFixed(0)} ms first run, ${again.ms.toFixed(0)} ms re-run, ${readOnly.ms.toFixed(0)} ms without writes ` +
    `(baseline: load + validate head once ${floorMs.toFixed(0)} ms; ratio ${(readOnly.ms / floorMs).toFixed(2)} without writes)`,
);
for (const [label, run] of [
  ['first run', first],
  ['re-run', again],
] as const) {
  const { reads, writes } = run.result.requests;
  console.log(
    `GitHub requests, ${label}: ${reads} reads + ${writes} writes (target ${targetReads} reads = 1 + pages of files, commits, reviews; ` +
      `ratio ${(reads / targetReads).toFixed(2)}; writes ≤ 2)`,
  );
}
const writes = Math.max(first.result.requests.writes, again.result.requests.writes);
console.log(`fake GitHub: ${gh.requests.length} requests served, ${gh.violations.length} OpenAPI violations`);
await gh.close();
repo.remove();
if (gh.violations.length > 0 || writes > 2) process.exitCode = 1;
