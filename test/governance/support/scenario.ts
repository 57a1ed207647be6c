// Governance scenarios on real git: the example consortium committed as `main`, a pull request
// branch on top of it, and the verdict computed from git data exactly as `consortium approvals`
// does.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { openGitRepository } from '../../../tools/src/adapters/git.ts';
import { isLedgerFile } from '../../../tools/src/model/repository-layout.ts';
import { runApprovals, type ApprovalsResult } from '../../../tools/src/commands/approvals.ts';
import type { Review } from '../../../tools/src/governance/types.ts';
import { createGitRepo, type FileTree, type TempGitRepo } from '../../support/git-repo.ts';
import { projectRoot } from '../../support/example-repo.ts';
import { generateOrgCertificates } from '../../support/test-certificates.ts';
import type { KeyedExample } from '../../support/keyed-example.ts';
import { runCli } from '../../support/run-cli.ts';

/** A moment inside the example certificates' validity. */
export const now = new Date();
export const longAgo = new Date(now.getTime() - 7 * 24 * 3_600_000).toISOString();

export interface Person {
  readonly login: string;
  readonly id: number;
}

/** Admins of the example consortium, read from its org.yaml files (ids are what count). */
export function exampleAdmins(): Record<string, Person[]> {
  const admins: Record<string, Person[]> = {};
  for (const org of readdirSync(join(projectRoot, 'orgs'))) {
    const text = readFileSync(join(projectRoot, 'orgs', org, 'org.yaml'), 'utf8');
    admins[org] = [...text.matchAll(/github:\s*(\S+)\s*\n\s*githubId:\s*(\d+)/g)].map((m) => ({
      login: m[1] ?? '',
      id: Number(m[2]),
    }));
  }
  return admins;
}

export function exampleTree(root: string = projectRoot): Record<string, string> {
  const tree: Record<string, string> = {
    'README.md': '# Supply chain traceability consortium\n',
    'docs/operations.md': '# Operations\n',
    'package.json': '{ "name": "consortium", "private": true }\n',
    'tools/src/cli/main.ts': 'export {};\n',
    '.github/workflows/governance.yml': 'name: governance\n',
  };
  for (const path of exampleFiles(root)) {
    if (!isLedgerFile(path)) tree[path] = readFileSync(join(root, path), 'utf8');
  }
  return tree;
}

/** The example's ledger files (genesis.block): protobuf, committed as bytes, never decoded as text. */
export function exampleLedgerFiles(root: string = projectRoot): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const path of exampleFiles(root)) if (isLedgerFile(path)) files[path] = readFileSync(join(root, path));
  return files;
}

function exampleFiles(root: string): string[] {
  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else paths.push(relative(root, path));
    }
  };
  for (const folder of ['consortium', 'orgs', 'channels', 'chaincode']) walk(join(root, folder));
  return paths;
}

export const grower1: Person = { login: 'gina-greenfield', id: 55_500_001 };
export const grower2: Person = { login: 'gus-greenfield', id: 55_500_002 };
export const stranger: Person = { login: 'mallory', id: 66_600_666 };

let growerCertificates: Promise<Record<string, string>> | undefined;

/** A fourth member organization, Greenfield Growers, as `consortium org init` would propose it. */
export async function growersFiles(
  options: { readonly admins?: readonly Person[]; readonly id?: string } = {},
): Promise<FileTree> {
  const id = options.id ?? 'growers';
  growerCertificates ??= generateOrgCertificates({ name: 'growers' }).then((c) => ({
    'ca.pem': c.caCert,
    'tlsca.pem': c.tlsCaCert,
    'admin.pem': c.adminCert,
  }));
  const certs = await growerCertificates;
  const admins = (options.admins ?? [grower1, grower2])
    .map((a) => `  - github: ${a.login}\n    githubId: ${a.id}\n`)
    .join('');
  const orgYaml = `apiVersion: consortium.gitops/v1alpha1
kind: Organization

id: ${id}
mspId: GreenfieldGrowersMSP
displayName: Greenfield Growers Cooperative
region: eu-west
domain: greenfield-growers.example

admins:
${admins}
msp:
  caCert: msp/ca.pem
  tlsCaCert: msp/tlsca.pem
  adminCerts:
    - msp/admin.pem

cluster:
  name: greenfield-eks-euw1
  namespace: fabric-greenfield
  storageClass: gp3
  ingress:
    className: nginx
    domain: fabric.greenfield-growers.example

peers:
  - name: peer0
    stateDb: couchdb
    storage: 50Gi

orderers: []

ca:
  storage: 2Gi
`;
  const config = readFileSync(join(projectRoot, 'orgs/retailer/msp/config.yaml'), 'utf8');
  return {
    [`orgs/${id}/org.yaml`]: orgYaml,
    [`orgs/${id}/msp/config.yaml`]: config,
    ...Object.fromEntries(Object.entries(certs).map(([name, pem]) => [`orgs/${id}/msp/${name}`, pem])),
  };
}

export interface Scenario {
  readonly repo: TempGitRepo;
  readonly base: string;
  readonly admins: Record<string, Person[]>;
  /** Commits `files` on the pull-request branch (created from main on first use). */
  push(
    files: FileTree,
    options?: { readonly branch?: string; readonly from?: string; readonly replace?: boolean },
  ): string;
  /** Commits on main (the base branch moves on). */
  pushBase(files: FileTree): string;
  judge(options: JudgeOptions): Promise<ApprovalsResult>;
  remove(): void;
}

export interface JudgeOptions {
  readonly head: string;
  readonly base?: string;
  readonly reviews?: readonly Review[];
  readonly author?: Person;
  readonly openedAt?: string;
  readonly now?: Date;
}

export function createScenario(extraBase: FileTree = {}, options: { readonly example?: string } = {}): Scenario {
  const repo = createGitRepo({ prefix: 'consortium-governance-' });
  const base = repo.commit({
    branch: 'main',
    files: { ...exampleTree(options.example), ...exampleLedgerFiles(options.example), ...extraBase },
    message: 'consortium',
  });
  const branches = new Set<string>();
  return {
    repo,
    base,
    admins: exampleAdmins(),
    push(files, options = {}) {
      const branch = options.branch ?? 'pr';
      const first = !branches.has(branch);
      branches.add(branch);
      return repo.commit({
        branch,
        files,
        ...(first ? { from: options.from ?? 'main' } : {}),
        ...(options.replace === undefined ? {} : { replace: options.replace }),
      });
    },
    pushBase: (files) => repo.commit({ branch: 'main', files }),
    judge: (options) =>
      runApprovals({
        git: openGitRepository(repo.dir),
        base: options.base ?? 'main',
        head: options.head,
        reviews: options.reviews ?? [],
        author: options.author ?? stranger,
        openedAt: options.openedAt === undefined ? undefined : new Date(options.openedAt),
        now: options.now ?? now,
      }),
    remove: () => repo.remove(),
  };
}

let nextReviewId = 1000;

/** A GitHub REST review object. */
export function review(
  person: Person,
  state: Review['state'],
  commit: string,
  options: { at?: string; body?: string } = {},
): Review {
  nextReviewId += 1;
  return {
    id: nextReviewId,
    user: { login: person.login, id: person.id },
    state,
    commit_id: commit,
    submitted_at: options.at ?? new Date(Date.UTC(2026, 1, 1) + nextReviewId * 1000).toISOString(),
    body: options.body ?? '',
  };
}

export function approve(people: readonly Person[], commit: string): Review[] {
  return people.map((p) => review(p, 'APPROVED', commit));
}

/**
 * A scenario on the example whose members hold their keys (test/support/keyed-example.ts), for
 * pull requests that change a channel on the ledger: they carry the config updates and the
 * signatures a user would make, with `consortium channel update` and `consortium channel sign`.
 */
export interface LedgerScenario extends Scenario {
  /** `consortium channel update` for each channel, committed on `branch` (default "pr"); the new head. */
  writeUpdates(channels: readonly string[], options?: { readonly branch?: string }): Promise<string>;
  /** `consortium channel sign` by an admin of each org on every update `branch` adds; the new head. */
  sign(channel: string, orgs: readonly string[], options?: { readonly branch?: string }): Promise<string>;
}

export function createLedgerScenario(keyed: KeyedExample): LedgerScenario {
  const scenario = createScenario({}, { example: keyed.dir });
  const { repo } = scenario;
  const cli = async (...args: string[]) => {
    const run = await runCli([...args, '--repo', repo.dir], { cwd: repo.dir, now });
    if (run.code !== 0) throw new Error(`consortium ${args.join(' ')} exited ${run.code}: ${run.stderr}${run.stdout}`);
    return run;
  };
  const commit = (branch: string, message: string) => {
    repo.git('add', '--all');
    repo.git('commit', '--quiet', '-m', message);
    return repo.git('rev-parse', branch);
  };
  const addedUpdates = (channel: string, branch: string) =>
    repo
      .git('diff', '--name-only', '--diff-filter=A', `main...${branch}`, '--', `channels/${channel}/updates`)
      .split('\n')
      .map((path) => /updates\/(\d{4})\/update\.pb$/.exec(path)?.[1])
      .filter((n): n is string => n !== undefined);
  return {
    ...scenario,
    async writeUpdates(channels, options = {}) {
      const branch = options.branch ?? 'pr';
      repo.git('checkout', '--quiet', branch);
      for (const channel of channels) await cli('channel', 'update', channel);
      return commit(branch, `Config updates of ${channels.join(', ')}`);
    },
    async sign(channel, orgs, options = {}) {
      const branch = options.branch ?? 'pr';
      repo.git('checkout', '--quiet', branch);
      const updates = addedUpdates(channel, branch);
      if (updates.length === 0) throw new Error(`${branch} adds no update to ${channel}`);
      for (const update of updates)
        for (const org of orgs)
          await cli('channel', 'sign', channel, '--org', org, '--update', update, '--key-dir', keyed.keys);
      return commit(branch, `Signatures of ${orgs.join(', ')} on ${channel}`);
    },
  };
}
