import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../support/fake-github/payloads.ts';
import { startFakeGithub, type FakeGithub } from '../support/fake-github/server.ts';
import { runCli } from '../support/run-cli.ts';
import {
  approve,
  createScenario,
  growersFiles,
  grower1,
  longAgo,
  now,
  type review,
  type Scenario,
} from './support/scenario.ts';

async function run(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  const { code, stdout, stderr } = await runCli(['approvals', ...args], { ...options, now });
  return { code, out: stdout, err: stderr };
}

let s: Scenario;
let head: string;
let work: string;
beforeAll(async () => {
  s = createScenario();
  head = s.push(await growersFiles());
  work = mkdtempSync(join(tmpdir(), 'approvals-cli-'));
});
afterAll(() => s.remove());

const reviewsFile = (name: string, reviews: unknown[]) => {
  const file = join(work, name);
  writeFileSync(file, JSON.stringify(reviews));
  return file;
};

describe('consortium approvals (offline)', () => {
  it('prints the JSON contract and exits 1 while pending', async () => {
    const file = reviewsFile('one.json', approve([s.admins['manufacturer']![0]!], head));
    const { code, out } = await run(
      [
        '--repo',
        s.repo.dir,
        '--base',
        'main',
        '--head',
        'pr',
        '--reviews',
        file,
        '--author',
        grower1.login,
        '--format',
        'json',
      ],
      { cwd: work },
    );
    expect(code).toBe(1);
    const json = JSON.parse(out) as { verdict: string; changes: Record<string, unknown>[] };
    expect(json.verdict).toBe('pending');
    expect(json.changes).toHaveLength(1);
    expect(Object.keys(json.changes[0]!)).toEqual(
      expect.arrayContaining(['kind', 'subject', 'requires', 'satisfied', 'approvedBy', 'missing']),
    );
    expect(json.changes[0]).toMatchObject({
      kind: 'org.add',
      subject: 'growers',
      satisfied: false,
      missing: ['needs 1 more of: HarborviewRetailMSP, StraitsFreightMSP'],
    });
  });

  it('exits 0 with "approved" once the majority and the new org approved (author is the new org)', async () => {
    const file = reviewsFile('two.json', approve([s.admins['manufacturer']![0]!, s.admins['logistics']![1]!], head));
    const { code, out } = await run(
      ['--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--reviews', file, '--author', grower1.login],
      { cwd: work },
    );
    expect(out).toMatch(/^verdict: approved\n/);
    expect(out).toMatch(/org\.add growers: approved/);
    expect(code).toBe(0);
  });

  it('writes workflow commands and the Markdown report with --format github', async () => {
    const { code, out } = await run(
      ['--repo', s.repo.dir, '--base', 'main', '--head', head, '--author', grower1.login, '--format', 'github'],
      { cwd: work },
    );
    expect(code).toBe(1);
    expect(out).toMatch(/^::warning title=org\.add growers::needs 2 more of: /m);
    expect(out).toContain('```mermaid\nflowchart LR');
    expect(out).toMatch(/class o\d+ changed/);
  });

  it('appends the report to the job summary when GITHUB_STEP_SUMMARY is set', async () => {
    const summary = join(work, 'summary.md');
    writeFileSync(summary, '');
    await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--format', 'github'], {
      cwd: work,
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(readFileSync(summary, 'utf8')).toMatch(/### Consortium governance: pending/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['--repo', s.repo.dir, '--base', 'main'], { cwd: work })).code).toBe(2);
    expect((await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'no-such-branch'], { cwd: work })).code).toBe(
      2,
    );
    expect(
      (await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--opened-at', 'yesterday'], { cwd: work }))
        .code,
    ).toBe(2);
    expect((await run(['--repo', s.repo.dir, '--pr', '3'], { cwd: work })).code).toBe(2);
  });

  it('rejects a reviews file that is not an array of review objects as a usage error with an example', async () => {
    const file = join(work, 'bad.json');
    writeFileSync(file, '{"state":"APPROVED"}');
    const { code, err } = await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--reviews', file], {
      cwd: work,
    });
    expect(code).toBe(2);
    expect(err).toMatch(/expected a JSON array/);
    expect(err).toContain('"state": "APPROVED", "commit_id"');
  });

  it('names a --repo that does not exist or is a file, and a revision git does not have', async () => {
    const nowhere = join(work, 'no-such-repo');
    const missing = await run(['--repo', nowhere, '--base', 'main', '--head', 'pr'], { cwd: work });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--repo ${nowhere}: no such directory`);
    const file = reviewsFile('not-a-repo.json', []);
    const notDir = await run(['--repo', file, '--base', 'main', '--head', 'pr'], { cwd: work });
    expect(notDir.code).toBe(2);
    expect(notDir.err).toContain(`--repo ${file}: not a directory`);
    const noBranch = await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'no-such-branch'], { cwd: work });
    expect(noBranch.err).toMatch(/no-such-branch is not a commit in .*check --base and --head/);
  });

  it('names a missing or malformed reviews file and exits 2, without a verdict', async () => {
    const missing = join(work, 'no-such-reviews.json');
    const gone = await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--reviews', missing], {
      cwd: work,
    });
    expect(gone.code).toBe(2);
    expect(gone.err).toContain(`--reviews ${missing}: no such file`);
    expect(gone.out).toBe('');
    const broken = join(work, 'broken.json');
    writeFileSync(broken, '[{');
    const bad = await run(['--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--reviews', broken], {
      cwd: work,
    });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(`--reviews ${broken}: not valid JSON`);
  });
});

describe('consortium approvals --pr (against the fake GitHub)', () => {
  let gh: FakeGithub;
  beforeAll(async () => {
    gh = await startFakeGithub();
  });
  afterAll(() => gh.close());

  const env = () => ({ GITHUB_TOKEN: gh.token, GITHUB_REPOSITORY: `${gh.owner}/${gh.repo}`, GITHUB_API_URL: gh.url });
  /** A pull request adding Greenfield Growers; the base is the shared scenario's unless given. */
  const addPull = (
    number: number,
    files: FakeGithubFile[],
    reviews: ReturnType<typeof review>[],
    options: { headSha?: string; baseRef?: string; baseSha?: string } = {},
  ) => {
    const headSha = options.headSha ?? head;
    gh.pulls.set(number, {
      spec: {
        number,
        title: 'Add Greenfield Growers',
        author: buildUser(grower1.login, grower1.id),
        baseRef: options.baseRef ?? 'main',
        baseSha: options.baseSha ?? s.base,
        headRef: 'pr',
        headSha,
        createdAt: longAgo,
        changedFiles: files.length,
        commits: 1,
        state: 'open',
      },
      files,
      commits: [{ sha: headSha, author: buildUser(grower1.login, grower1.id) }],
      reviews: reviews.map((r) => ({
        id: r.id,
        user: r.user === null ? null : buildUser(r.user.login, r.user.id),
        state: r.state,
        commitId: r.commit_id,
        submittedAt: r.submitted_at ?? longAgo,
        body: r.body ?? '',
      })),
    });
  };
  type FakeGithubFile = { filename: string; status: 'added' | 'removed' | 'modified' };
  const growersPaths = (): FakeGithubFile[] =>
    s.repo
      .git('diff', '--name-only', `main...${head}`)
      .split('\n')
      .map((filename) => ({ filename, status: 'added' as const }));

  it('writes a check run and one sticky comment, updated in place on the next run', async () => {
    addPull(11, growersPaths(), approve([s.admins['manufacturer']![0]!], head));
    const first = await run(['--repo', s.repo.dir, '--pr', '11', '--format', 'json'], { cwd: work, env: env() });
    expect(first.code).toBe(1);
    const json = JSON.parse(first.out) as {
      verdict: string;
      checkName: string;
      comment: string;
      requests: { reads: number; writes: number };
    };
    expect(json).toMatchObject({ verdict: 'pending', checkName: 'consortium-governance/main', comment: 'created' });
    // 1 (pull request) + 1 page each of files, commits and reviews; no comments yet, so no lookup.
    expect(json.requests).toEqual({ reads: 4, writes: 2 });

    gh.pulls.get(11)!.reviews.push({
      id: 99,
      user: buildUser(s.admins['retailer']![0]!.login, s.admins['retailer']![0]!.id),
      state: 'APPROVED',
      commitId: head,
      submittedAt: now.toISOString(),
      body: '',
    });
    const second = await run(['--repo', s.repo.dir, '--pr', '11', '--format', 'json'], { cwd: work, env: env() });
    expect(second.code).toBe(0);
    // The sticky comment is found on the first page of comments: one more read.
    expect(JSON.parse(second.out)).toMatchObject({
      verdict: 'approved',
      comment: 'updated',
      requests: { reads: 5, writes: 2 },
    });
    expect(gh.checkRuns.map((r) => [r.name, r.head_sha, r.conclusion])).toEqual([
      ['consortium-governance/main', head, 'action_required'],
      ['consortium-governance/main', head, 'success'],
    ]);
    const comments = gh.comments.get(11) ?? [];
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/### Consortium governance: approved/);
    expect(gh.violations).toEqual([]);
  });

  it('fetches an earlier head it lacks, so approvals survive a force-pushed rebase', async () => {
    const r = createScenario();
    try {
      const files = await growersFiles();
      const old = r.push(files, { branch: 'old' });
      r.pushBase({ 'docs/faq.md': '# FAQ\n' });
      const rebased = r.push(files, { branch: 'rebased' });
      // The server keeps the old head; the local clone lost it (force-push, fresh checkout).
      const server = mkdtempSync(join(tmpdir(), 'github-server-'));
      r.repo.git('clone', '--quiet', '--mirror', r.repo.dir, join(server, gh.owner, gh.repo));
      r.repo.git('checkout', '--quiet', 'main');
      r.repo.git('branch', '-D', 'old');
      r.repo.git('reflog', 'expire', '--expire=now', '--all');
      r.repo.git('gc', '--quiet', '--prune=now');
      expect(() => r.repo.git('cat-file', '-e', `${old}^{commit}`)).toThrow();
      const paths = r.repo.git('diff', '--name-only', `main...${rebased}`).split('\n');
      gh.pulls.set(21, {
        spec: {
          number: 21,
          title: 'Rebased',
          author: buildUser(grower1.login, grower1.id),
          baseRef: 'main',
          baseSha: r.repo.git('rev-parse', 'main'),
          headRef: 'rebased',
          headSha: rebased,
          createdAt: longAgo,
          changedFiles: paths.length,
          commits: 1,
          state: 'open',
        },
        files: paths.map((filename) => ({ filename, status: 'added' as const })),
        commits: [{ sha: rebased, author: null }],
        reviews: approve([r.admins['manufacturer']![0]!, r.admins['retailer']![0]!], old).map((x) => ({
          id: x.id,
          user: buildUser(x.user!.login, x.user!.id),
          state: x.state,
          commitId: x.commit_id,
          submittedAt: longAgo,
          body: '',
        })),
      });
      const withServer = { ...env(), GITHUB_SERVER_URL: server };
      const { out } = await run(['--repo', r.repo.dir, '--pr', '21', '--format', 'json', '--dry-run'], {
        cwd: work,
        env: withServer,
      });
      expect(JSON.parse(out)).toMatchObject({ verdict: 'approved' });
      const without = await run(['--repo', r.repo.dir, '--pr', '21', '--format', 'json', '--dry-run'], {
        cwd: work,
        env: env(),
      });
      expect(JSON.parse(without.out)).toMatchObject({ verdict: 'approved' }); // fetched by the first run
    } finally {
      r.remove();
    }
  });

  it("judges under the base branch's current tip, not the pull request's recorded base sha", async () => {
    const r = createScenario();
    try {
      const opened = r.base;
      const growers = r.push(await growersFiles());
      // After the pull request was opened, the retailer removed a compromised admin on main.
      const retailer = r.admins['retailer']![0]!;
      const orgYaml = readFileSync(join(r.repo.dir, 'orgs/retailer/org.yaml'), 'utf8');
      const without = orgYaml.replace(`  - github: ${retailer.login}\n    githubId: ${retailer.id}\n`, '');
      expect(without).not.toBe(orgYaml);
      r.pushBase({ 'orgs/retailer/org.yaml': without });
      const paths = r.repo.git('diff', '--name-only', `main...${growers}`).split('\n');
      addPull(
        22,
        paths.map((filename) => ({ filename, status: 'added' as const })),
        approve([r.admins['manufacturer']![0]!, retailer], growers),
        // GitHub's base.sha is not updated when the base branch moves.
        { headSha: growers, baseSha: opened },
      );
      const { out } = await run(['--repo', r.repo.dir, '--pr', '22', '--format', 'json', '--dry-run'], {
        cwd: work,
        env: env(),
      });
      const json = JSON.parse(out) as { verdict: string; base: string };
      expect(json.verdict).toBe('pending');
      expect(json.base).toBe(r.repo.git('rev-parse', 'main'));
    } finally {
      r.remove();
    }
  });

  it('a base branch missing from the clone is an error verdict, never a judgement by the stale base sha', async () => {
    const r = createScenario();
    try {
      const growers = r.push(await growersFiles());
      const paths = r.repo.git('diff', '--name-only', `main...${growers}`).split('\n');
      addPull(
        23,
        paths.map((filename) => ({ filename, status: 'added' as const })),
        approve(Object.values(r.admins).flat(), growers),
        { headSha: growers, baseRef: 'release-2026' /* not fetched into this clone */, baseSha: r.base },
      );
      const { code, out } = await run(['--repo', r.repo.dir, '--pr', '23', '--format', 'json', '--dry-run'], {
        cwd: work,
        env: env(),
      });
      expect(code).toBe(1);
      const json = JSON.parse(out) as { verdict: string; errors: string[] };
      expect(json.verdict).toBe('error');
      expect(json.errors.join('\n')).toMatch(/base branch release-2026 is not in the local clone/);
    } finally {
      r.remove();
    }
  });

  it('a truncated file listing (3,000-file cap) is an error verdict', async () => {
    const many = Array.from({ length: 3001 }, (_, i) => ({ filename: `docs/f${i}.md`, status: 'added' as const }));
    addPull(12, many, []);
    const { code, out } = await run(['--repo', s.repo.dir, '--pr', '12', '--format', 'json', '--dry-run'], {
      cwd: work,
      env: env(),
    });
    expect(code).toBe(1);
    const json = JSON.parse(out) as { verdict: string; errors: string[] };
    expect(json.verdict).toBe('error');
    expect(json.errors.join('\n')).toMatch(/truncated at 3000/);
  });

  it('a file list that disagrees with git is an error verdict', async () => {
    addPull(
      13,
      [...growersPaths(), { filename: 'tools/src/sneaky.ts', status: 'added' }],
      approve([s.admins['manufacturer']![0]!, s.admins['retailer']![0]!], head),
    );
    const { out } = await run(['--repo', s.repo.dir, '--pr', '13', '--format', 'json', '--dry-run'], {
      cwd: work,
      env: env(),
    });
    expect(JSON.parse(out)).toMatchObject({ verdict: 'error' });
  });

  it('a head git does not have is a usage error naming the commit', async () => {
    addPull(14, growersPaths(), [], { headSha: 'e'.repeat(40) });
    const { code, err } = await run(['--repo', s.repo.dir, '--pr', '14', '--dry-run'], { cwd: work, env: env() });
    expect(code).toBe(2);
    expect(err).toContain('eeeeeee');
  });
});
