// Response bodies of the fake GitHub, typed with @octokit/openapi-types (the same description the
// runtime schemas in test/fixtures/github/openapi-subset.json come from), so a missing or
// mistyped field fails the type check before a test runs.
import type { components } from '@octokit/openapi-types';

type Schemas = components['schemas'];
export type SimpleUser = Schemas['simple-user'];
export type Repository = Schemas['repository'];
export type PullRequest = Schemas['pull-request'];
export type DiffEntry = Schemas['diff-entry'];
export type Commit = Schemas['commit'];
export type PullRequestReview = Schemas['pull-request-review'];
export type IssueComment = Schemas['issue-comment'];
export type CheckRun = Schemas['check-run'];

const web = 'https://github.example';
const time = '2026-01-01T00:00:00Z';

export function buildUser(login: string, id: number, type = 'User'): SimpleUser {
  const path = encodeURIComponent(login);
  const api = `https://api.github.example/users/${path}`;
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.github.example/u/${id}`,
    gravatar_id: '',
    url: api,
    html_url: `${web}/${path}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    site_admin: false,
  };
}

export function buildRepository(apiUrl: string, owner: string, name: string): Repository {
  const api = `${apiUrl}/repos/${owner}/${name}`;
  const u = (suffix: string) => `${api}/${suffix}`;
  return {
    id: 4242,
    node_id: 'R_4242',
    name,
    full_name: `${owner}/${name}`,
    owner: buildUser(owner, 4243, 'Organization'),
    private: false,
    html_url: `${web}/${owner}/${name}`,
    description: 'Consortium governance repository',
    fork: false,
    url: api,
    archive_url: u('{archive_format}{/ref}'),
    assignees_url: u('assignees{/user}'),
    blobs_url: u('git/blobs{/sha}'),
    branches_url: u('branches{/branch}'),
    collaborators_url: u('collaborators{/collaborator}'),
    comments_url: u('comments{/number}'),
    commits_url: u('commits{/sha}'),
    compare_url: u('compare/{base}...{head}'),
    contents_url: u('contents/{+path}'),
    contributors_url: u('contributors'),
    deployments_url: u('deployments'),
    downloads_url: u('downloads'),
    events_url: u('events'),
    forks_url: u('forks'),
    git_commits_url: u('git/commits{/sha}'),
    git_refs_url: u('git/refs{/sha}'),
    git_tags_url: u('git/tags{/sha}'),
    git_url: `git://github.example/${owner}/${name}.git`,
    issue_comment_url: u('issues/comments{/number}'),
    issue_events_url: u('issues/events{/number}'),
    issues_url: u('issues{/number}'),
    keys_url: u('keys{/key_id}'),
    labels_url: u('labels{/name}'),
    languages_url: u('languages'),
    merges_url: u('merges'),
    milestones_url: u('milestones{/number}'),
    notifications_url: u('notifications{?since,all,participating}'),
    pulls_url: u('pulls{/number}'),
    releases_url: u('releases{/id}'),
    ssh_url: `git@github.example:${owner}/${name}.git`,
    stargazers_url: u('stargazers'),
    statuses_url: u('statuses/{sha}'),
    subscribers_url: u('subscribers'),
    subscription_url: u('subscription'),
    tags_url: u('tags'),
    teams_url: u('teams'),
    trees_url: u('git/trees{/sha}'),
    clone_url: `${web}/${owner}/${name}.git`,
    mirror_url: null,
    hooks_url: u('hooks'),
    svn_url: `${web}/${owner}/${name}`,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 100,
    default_branch: 'main',
    open_issues_count: 1,
    open_issues: 1,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    license: null,
    pushed_at: time,
    created_at: time,
    updated_at: time,
  };
}

export interface PullRequestSpec {
  readonly number: number;
  readonly title: string;
  readonly author: SimpleUser;
  readonly baseRef: string;
  readonly baseSha: string;
  readonly headRef: string;
  readonly headSha: string;
  readonly createdAt: string;
  readonly changedFiles: number;
  readonly commits: number;
  readonly state: 'open' | 'closed';
  /** Issue comments; the server fills it in from its state. */
  readonly comments?: number;
}

export function buildPullRequest(apiUrl: string, owner: string, name: string, spec: PullRequestSpec): PullRequest {
  const repo = buildRepository(apiUrl, owner, name);
  const api = `${apiUrl}/repos/${owner}/${name}`;
  const html = `${web}/${owner}/${name}/pull/${spec.number}`;
  const link = (href: string) => ({ href });
  return {
    url: `${api}/pulls/${spec.number}`,
    id: 900_000 + spec.number,
    node_id: `PR_${spec.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${spec.number}`,
    commits_url: `${api}/pulls/${spec.number}/commits`,
    review_comments_url: `${api}/pulls/${spec.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${spec.number}/comments`,
    statuses_url: `${api}/statuses/${spec.headSha}`,
    number: spec.number,
    state: spec.state,
    locked: false,
    title: spec.title,
    user: spec.author,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: spec.createdAt,
    updated_at: spec.createdAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: { label: `${owner}:${spec.headRef}`, ref: spec.headRef, sha: spec.headSha, user: repo.owner, repo },
    base: { label: `${owner}:${spec.baseRef}`, ref: spec.baseRef, sha: spec.baseSha, user: repo.owner, repo },
    _links: {
      self: link(`${api}/pulls/${spec.number}`),
      html: link(html),
      issue: link(`${api}/issues/${spec.number}`),
      comments: link(`${api}/issues/${spec.number}/comments`),
      review_comments: link(`${api}/pulls/${spec.number}/comments`),
      review_comment: link(`${api}/pulls/comments{/number}`),
      commits: link(`${api}/pulls/${spec.number}/commits`),
      statuses: link(`${api}/statuses/${spec.headSha}`),
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'blocked',
    merged_by: null,
    comments: spec.comments ?? 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: spec.commits,
    additions: 1,
    deletions: 0,
    changed_files: spec.changedFiles,
  };
}

export function buildDiffEntry(
  apiUrl: string,
  repo: string,
  file: { filename: string; status: DiffEntry['status']; previous_filename?: string },
): DiffEntry {
  return {
    sha: '0'.repeat(40),
    filename: file.filename,
    status: file.status,
    additions: 1,
    deletions: file.status === 'removed' ? 1 : 0,
    changes: 1,
    blob_url: `${web}/${repo}/blob/x/${encodeURI(file.filename)}`,
    raw_url: `${web}/${repo}/raw/x/${encodeURI(file.filename)}`,
    contents_url: `${apiUrl}/repos/${repo}/contents/${encodeURI(file.filename)}`,
    ...(file.previous_filename === undefined ? {} : { previous_filename: file.previous_filename }),
  };
}

export function buildCommit(apiUrl: string, repo: string, sha: string, author: SimpleUser | null): Commit {
  const gitUser = { name: author?.login ?? 'someone', email: 'someone@example.invalid', date: time };
  return {
    url: `${apiUrl}/repos/${repo}/commits/${sha}`,
    sha,
    node_id: `C_${sha.slice(0, 8)}`,
    html_url: `${web}/${repo}/commit/${sha}`,
    comments_url: `${apiUrl}/repos/${repo}/commits/${sha}/comments`,
    commit: {
      url: `${apiUrl}/repos/${repo}/git/commits/${sha}`,
      author: gitUser,
      committer: gitUser,
      message: 'change',
      comment_count: 0,
      tree: { sha: '1'.repeat(40), url: `${apiUrl}/repos/${repo}/git/trees/${'1'.repeat(40)}` },
    },
    author,
    committer: author,
    parents: [],
  };
}

/** A review as a test states it; buildReview turns it into GitHub's payload. */
export interface ReviewSpec {
  id: number;
  user: SimpleUser | null;
  state: string;
  commitId: string | null;
  submittedAt: string;
  body: string;
}

export function buildReview(apiUrl: string, repo: string, number: number, review: ReviewSpec): PullRequestReview {
  const html = `${web}/${repo}/pull/${number}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: review.user,
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${apiUrl}/repos/${repo}/pulls/${number}`,
    _links: { html: { href: html }, pull_request: { href: `${apiUrl}/repos/${repo}/pulls/${number}` } },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
    author_association: 'MEMBER',
  };
}

export function buildIssueComment(
  apiUrl: string,
  repo: string,
  number: number,
  comment: { id: number; user: SimpleUser; body: string; at: string },
): IssueComment {
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${apiUrl}/repos/${repo}/issues/comments/${comment.id}`,
    html_url: `${web}/${repo}/pull/${number}#issuecomment-${comment.id}`,
    issue_url: `${apiUrl}/repos/${repo}/issues/${number}`,
    body: comment.body,
    user: comment.user,
    created_at: comment.at,
    updated_at: comment.at,
    author_association: 'NONE',
  };
}

export function buildCheckRun(
  apiUrl: string,
  repo: string,
  run: {
    id: number;
    name: string;
    headSha: string;
    conclusion: NonNullable<CheckRun['conclusion']>;
    title: string;
    summary: string;
    at: string;
  },
): CheckRun {
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    head_sha: run.headSha,
    name: run.name,
    url: `${apiUrl}/repos/${repo}/check-runs/${run.id}`,
    html_url: `${web}/${repo}/runs/${run.id}`,
    details_url: null,
    external_id: null,
    status: 'completed',
    conclusion: run.conclusion,
    started_at: run.at,
    completed_at: run.at,
    output: {
      title: run.title,
      summary: run.summary,
      text: null,
      annotations_count: 0,
      annotations_url: `${apiUrl}/repos/${repo}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: 77 },
    app: null,
    pull_requests: [],
  };
}
