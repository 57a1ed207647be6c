// The two pull requests of the walkthrough: a new member joining, then a new channel with a
// chaincode. Each goes branch -> authoring commands -> validate -> approvals -> reviews -> merge ->
// render.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectCode, expectVerdict, type DemoContext } from './seed-repository.ts';

function startBranch(ctx: DemoContext, branch: string): void {
  ctx.narrator.shell(`git switch -c ${branch}`);
  ctx.git('switch', '--quiet', '-c', branch);
}

function commitAll(ctx: DemoContext, message: string): void {
  ctx.narrator.shell(`git add -A && git commit -m "${message}"`);
  ctx.git('add', '--all');
  ctx.git('commit', '--quiet', '-m', message);
}

async function mergeAndRender(ctx: DemoContext, branch: string): Promise<void> {
  ctx.narrator.shell(`git switch main && git merge --no-ff ${branch}`);
  ctx.git('switch', '--quiet', 'main');
  ctx.git('merge', '--quiet', '--no-ff', '-m', `Merge ${branch}`, branch);
  await expectCode(
    ctx.narrator.consortium(['render', '--out', ctx.rendered], {
      cwd: ctx.repo,
      shown: ['render', '--out', 'rendered'],
    }),
    0,
  );
}

interface Approval {
  readonly id: number;
  readonly login: string;
  readonly githubId: number;
  readonly submittedAt: Date;
}

/** Approving reviews of `head` as GitHub returns them (GET /repos/{owner}/{repo}/pulls/{n}/reviews). */
async function writeApprovals(file: string, head: string, approvals: readonly Approval[]): Promise<void> {
  const reviews = approvals.map((a) => ({
    id: a.id,
    user: { login: a.login, id: a.githubId },
    state: 'APPROVED',
    commit_id: head,
    submitted_at: a.submittedAt.toISOString(),
    body: '',
  }));
  await writeFile(file, JSON.stringify(reviews, null, 2));
}

export async function proposeNewMember(ctx: DemoContext): Promise<void> {
  const { narrator, repo } = ctx;
  narrator.step('Nordic Cold Chain (eu-north) proposes to join, on a branch');
  startBranch(ctx, 'add-coldchain');
  const keyDirShown = '~/.config/consortium-gitops/keys';
  const init = [
    'org',
    'init',
    'coldchain',
    '--msp-id',
    'NordicColdChainMSP',
    '--region',
    'eu-north',
    '--domain',
    'nordic-coldchain.example',
    '--display-name',
    'Nordic Cold Chain AB',
    '--admin',
    'ingrid-lind:55501234',
    '--admin',
    'olle-berg:55505678',
  ];
  await expectCode(narrator.consortium([...init, '--key-dir', ctx.keys], { cwd: repo, shown: init }), 0);
  narrator.say(`(The demo keeps the private keys in its temporary directory instead of ${keyDirShown}.)`);
  await expectCode(narrator.consortium(['channel', 'add-member', 'traceability', 'coldchain'], { cwd: repo }), 0);

  narrator.step('traceability runs on the ledger: the change becomes a Fabric config update');
  narrator.say(
    "The YAML alone never reaches the ledger. `channel update` computes the config update from the ledger's config (block 0 and its updates) to the one the repository describes.",
  );
  await expectCode(narrator.consortium(['channel', 'update', 'traceability'], { cwd: repo }), 0);
  commitAll(ctx, 'Add Nordic Cold Chain to the consortium and the traceability channel');

  narrator.step('The pull request check: validation, then governance');
  await expectCode(narrator.consortium(['validate'], { cwd: repo }), 0);
  const author = ['--author', 'ingrid-lind', '--author-id', '55501234'];
  await expectVerdict(ctx, ['approvals', '--base', 'main', '--head', 'add-coldchain', ...author], 'pending');

  narrator.step("Acme Manufacturing's admin signs update 0001 on their own machine, and approves the pull request");
  const sign = (org: string) =>
    expectCode(
      narrator.consortium(['channel', 'sign', 'traceability', '--org', org, '--key-dir', ctx.keys], {
        cwd: repo,
        shown: ['channel', 'sign', 'traceability', '--org', org],
      }),
      0,
    );
  await sign('manufacturer');
  commitAll(ctx, 'Acme Manufacturing signs update 0001 of traceability');
  const head = ctx.git('rev-parse', 'add-coldchain');
  const reviews = join(ctx.root, 'reviews-add-coldchain.json');
  const approval = (id: number, login: string, githubId: number): Approval => ({
    id,
    login,
    githubId,
    submittedAt: new Date(Date.now() - (10 - id) * 60_000),
  });
  await writeApprovals(reviews, head, [
    approval(1, 'lena-hoffmann-acme', 48213377),
    approval(2, 'ingrid-lind', 55501234),
  ]);
  narrator.say(
    'Reviews as GitHub returns them (GET /repos/{owner}/{repo}/pulls/{n}/reviews): lena-hoffmann-acme (Acme) and ingrid-lind (the joining org) approve.',
  );
  const withReviews = ['approvals', '--base', 'main', '--head', 'add-coldchain', '--reviews', reviews, ...author];
  await expectVerdict(ctx, withReviews, 'pending', ['--reviews', 'reviews.json']);

  narrator.step("Harborview Retail's admin signs too: a majority of the channel's current members");
  await sign('retailer');
  commitAll(ctx, 'Harborview Retail signs update 0001 of traceability');
  await expectCode(narrator.consortium(['channel', 'verify', 'traceability'], { cwd: repo }), 0);
  const signed = ctx.git('rev-parse', 'add-coldchain');
  await writeApprovals(reviews, signed, [
    approval(1, 'lena-hoffmann-acme', 48213377),
    approval(2, 'ingrid-lind', 55501234),
    approval(3, 'maria-delgado-hv', 25591834),
  ]);
  narrator.say(
    "The Fabric signatures are the members' approval of the ledger change; the reviews approve the new member. After merge, a Job every member renders submits the signed update to the ordering service.",
  );
  await expectVerdict(ctx, withReviews, 'approved', ['--reviews', 'reviews.json']);

  narrator.step("Merge, and render every member's manifests");
  await mergeAndRender(ctx, 'add-coldchain');
  const members = (await readdir(ctx.rendered, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  narrator.say(`rendered/: ${members.join(', ')} — each ready for \`kubectl apply -k\`, Argo CD or Flux.`);
}

export async function proposeChannelAndChaincode(ctx: DemoContext): Promise<void> {
  const { narrator, repo } = ctx;
  narrator.step('A cold-chain channel between the carrier and the new member, with a chaincode');
  startBranch(ctx, 'coldchain-telemetry');
  await expectCode(
    narrator.consortium(
      [
        'channel',
        'propose',
        'coldchain-telemetry',
        '--members',
        'logistics,coldchain',
        '--description',
        'Temperature readings of refrigerated shipments, shared between carrier and cold-storage operator.',
      ],
      { cwd: repo },
    ),
    0,
  );
  await expectCode(
    narrator.consortium(
      [
        'chaincode',
        'propose',
        'coldchain-telemetry',
        'temperature-log',
        '--version',
        '1.0.0',
        '--image',
        'ghcr.io/supply-chain-traceability/temperature-log:1.0.0',
      ],
      { cwd: repo },
    ),
    0,
  );
  commitAll(ctx, 'Propose the coldchain-telemetry channel and its temperature-log chaincode');
  await expectCode(narrator.consortium(['validate'], { cwd: repo }), 0);
  const author = ['--author', 'weiling-tan', '--author-id', '33018562'];
  await expectVerdict(ctx, ['approvals', '--base', 'main', '--head', 'coldchain-telemetry', ...author], 'pending');

  narrator.step('Both listed members approve');
  const head = ctx.git('rev-parse', 'coldchain-telemetry');
  const reviews = join(ctx.root, 'reviews-coldchain-telemetry.json');
  await writeApprovals(reviews, head, [{ id: 11, login: 'olle-berg', githubId: 55505678, submittedAt: new Date() }]);
  narrator.say('olle-berg (Nordic Cold Chain) approves; the author weiling-tan counts for Straits Freight.');
  await expectVerdict(
    ctx,
    ['approvals', '--base', 'main', '--head', 'coldchain-telemetry', '--reviews', reviews, ...author],
    'approved',
    ['--reviews', 'reviews.json'],
  );
  await mergeAndRender(ctx, 'coldchain-telemetry');
}
