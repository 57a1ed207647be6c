import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGithubClient, createOctokit } from '../../tools/src/adapters/github.ts';
import { ExternalServiceError } from '../../tools/src/errors.ts';
import { buildUser } from '../support/fake-github/payloads.ts';
import { startFakeGithub, type FakeGithub } from '../support/fake-github/server.ts';

let gh: FakeGithub;
const author = buildUser('octo-author', 101);
const sha = (n: number) => n.toString(16).padStart(40, '0');

beforeEach(async () => {
  gh = await startFakeGithub();
  gh.pulls.set(7, {
    spec: {
      number: 7,
      title: 'Add org',
      author,
      baseRef: 'main',
      baseSha: sha(1),
      headRef: 'feature',
      headSha: sha(3),
      createdAt: '2026-01-01T00:00:00Z',
      changedFiles: 0,
      commits: 0,
      state: 'open',
    },
    files: [
      ...Array.from({ length: 250 }, (_, i) => ({
        filename: `docs/page-${String(i).padStart(3, '0')}.md`,
        status: 'added' as const,
      })),
      { filename: 'orgs/new/org.yaml', status: 'renamed', previous_filename: 'orgs/old/org.yaml' },
    ],
    commits: [
      { sha: sha(2), author },
      { sha: sha(3), author: null },
    ],
    reviews: Array.from({ length: 150 }, (_, i) => ({
      id: i + 1,
      user: buildUser(`reviewer-${i}`, 1000 + i),
      state: i % 2 === 0 ? 'APPROVED' : 'COMMENTED',
      commitId: sha(3),
      submittedAt: '2026-01-02T00:00:00Z',
      body: '',
    })),
  });
});
afterEach(() => gh.close());

const client = (retries = 2) =>
  createGithubClient({
    octokit: createOctokit({ token: gh.token, baseUrl: gh.url, retries, retryBaseMs: 5 }),
    owner: gh.owner,
    repo: gh.repo,
  });

describe('GitHub adapter against the fake GitHub', () => {
  it('reads a pull request and every page of its files, commits and reviews', async () => {
    const github = client();
    const pr = await github.getPullRequest(7);
    expect(pr).toMatchObject({
      number: 7,
      baseRef: 'main',
      headSha: sha(3),
      authorLogin: 'octo-author',
      authorId: 101,
      changedFiles: 251,
    });
    const files = await github.listPullRequestFiles(7);
    expect(files.listed).toBe(251);
    expect(files.files.slice(-2)).toEqual([
      { path: 'orgs/old/org.yaml', status: 'removed' },
      { path: 'orgs/new/org.yaml', status: 'added' },
    ]);
    expect((await github.listPullRequestCommits(7)).map((c) => c.sha)).toEqual([sha(2), sha(3)]);
    const reviews = await github.listPullRequestReviews(7);
    expect(reviews).toHaveLength(150);
    expect(reviews[0]).toEqual({
      id: 1,
      user: { login: 'reviewer-0', id: 1000 },
      state: 'APPROVED',
      commit_id: sha(3),
      submitted_at: '2026-01-02T00:00:00Z',
      body: '',
    });
    // 1 + 3 pages of files + 1 of commits + 2 of reviews, all at per_page=100.
    expect(github.requests).toEqual({ reads: 7, writes: 0 });
    expect(gh.violations).toEqual([]);
  });

  it('keeps one sticky comment, found by its marker among other comments, and updates it in place', async () => {
    const github = client();
    expect(await github.upsertComment({ number: 7, marker: '<!-- m -->', body: '<!-- m -->\nfirst' })).toBe('created');
    expect(await github.upsertComment({ number: 7, marker: '<!-- m -->', body: '<!-- m -->\nsecond' })).toBe('updated');
    const comments = gh.comments.get(7) ?? [];
    expect(comments.map((c) => c.body)).toEqual(['<!-- m -->\nsecond']);
    expect(gh.violations).toEqual([]);
  });

  it('ignores the marker in a comment someone else wrote', async () => {
    const github = client();
    gh.comments.set(7, [
      {
        ...(await (async () => {
          await github.upsertComment({ number: 7, marker: '<!-- x -->', body: 'seed <!-- x -->' });
          return (gh.comments.get(7) ?? [])[0]!;
        })()),
        user: buildUser('mallory', 666),
        body: '<!-- m --> fake report',
      },
    ]);
    expect(await github.upsertComment({ number: 7, marker: '<!-- m -->', body: '<!-- m -->\nreal' })).toBe('created');
    expect((gh.comments.get(7) ?? []).map((c) => c.body)).toEqual(['<!-- m --> fake report', '<!-- m -->\nreal']);
  });

  it('creates a check run with the conclusion and report', async () => {
    const github = client();
    await github.createCheckRun({
      name: 'consortium-governance/main',
      headSha: sha(3),
      conclusion: 'action_required',
      title: 'Pending',
      summary: 'report',
    });
    expect(gh.checkRuns.map((r) => [r.name, r.head_sha, r.conclusion, r.output.summary])).toEqual([
      ['consortium-governance/main', sha(3), 'action_required', 'report'],
    ]);
    expect(github.requests).toEqual({ reads: 0, writes: 1 });
    expect(gh.violations).toEqual([]);
  });

  it('retries server errors and succeeds', async () => {
    gh.failNext(/\/pulls\/7$/, 502, 2);
    const pr = await client(3).getPullRequest(7);
    expect(pr.number).toBe(7);
    expect(gh.requests.filter((r) => r.path.endsWith('/pulls/7')).map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('reports a failure that outlasts the retries as an external service error with its status', async () => {
    gh.failNext(/\/pulls\/7\/reviews$/, 503, 10);
    await expect(client(1).listPullRequestReviews(7)).rejects.toSatisfy(
      (e) => e instanceof ExternalServiceError && e.status === 503,
    );
  });

  it('does not retry bad credentials', async () => {
    const github = createGithubClient({
      octokit: createOctokit({ token: 'wrong-token', baseUrl: gh.url, retryBaseMs: 5 }),
      owner: gh.owner,
      repo: gh.repo,
    });
    await expect(github.getPullRequest(7)).rejects.toSatisfy(
      (e) => e instanceof ExternalServiceError && e.status === 401,
    );
    expect(gh.requests).toHaveLength(1);
  });

  it('lists at most 3,000 files, as GitHub does', async () => {
    const pr = gh.pulls.get(7)!;
    pr.files = Array.from({ length: 3005 }, (_, i) => ({ filename: `docs/f${i}.md`, status: 'added' as const }));
    const github = client();
    expect((await github.getPullRequest(7)).changedFiles).toBe(3005);
    expect((await github.listPullRequestFiles(7)).listed).toBe(3000);
  });
});

describe('the fake GitHub itself', () => {
  it('catches a response that drifts from the OpenAPI description', async () => {
    const { createResponseValidator } = await import('../support/fake-github/openapi-validator.ts');
    const validator = createResponseValidator();
    expect(validator.validate('pulls/list-reviews', [{ id: 'one', state: 'APPROVED' }]).length).toBeGreaterThan(0);
  });
});
