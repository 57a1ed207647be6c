// The two pull requests of the walkthrough: a new member joining, then a new channel with a
// chaincode. Each goes branch -> authoring commands -> validate -> approvals -> reviews -> merge ->
// render.
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectCode, expectVerdict, type DemoContext } from './seed-repository.ts';

export async function proposeNewMember(ctx: DemoContext): Promise<void> {
  const { narrator, repo } = ctx;
  narrator.step('Nordic Cold Chain (eu-north) proposes to join, on a branch');
  narrator.shell('git switch -c add-coldchain');
  ctx.git('switch', '--quiet', '-c', 'add-coldchain');
  const keyDirShown = '~/.config/consortium-gitops/keys';
  await expectCode(
    narrator.consortium(
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
        '--display-name',
        'Nordic Cold Chain AB',
        '--admin',
        'ingrid-lind:55501234',
        '--admin',
        'olle-berg:55505678',
        '--key-dir',
        ctx.keys,
      ],
      {
        cwd: repo,
        shown: [
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
        ],
      },
    ),
    0,
  );
  narrator.say(`(The demo keeps the private keys in its temporary directory instead of ${keyDirShown}.)`);
  await expectCode(narrator.consortium(['channel', 'add-member', 'traceability', 'coldchain'], { cwd: repo }), 0);
  narrator.shell('git add -A && git commit -m "Add Nordic Cold Chain to the consortium and the traceability channel"');
  ctx.git('add', '--all');
  ctx.git('commit', '--quiet', '-m', 'Add Nordic Cold Chain to the consortium and the traceability channel');

  narrator.step('The pull request check: validation, then governance');
  await expectCode(narrator.consortium(['validate'], { cwd: repo }), 0);
  const author = ['--author', 'ingrid-lind', '--author-id', '55501234'];
  await expectVerdict(ctx, ['approvals', '--base', 'main', '--head', 'add-coldchain', ...author], 'pending');

  narrator.step('Admins review: Acme Manufacturing approves');
  const head = ctx.git('rev-parse', 'add-coldchain');
  const reviews = join(ctx.root, 'reviews-add-coldchain.json');
  const review = (id: number, login: string, githubId: number) => ({
    id,
    user: { login, id: githubId },
    state: 'APPROVED',
    commit_id: head,
    submitted_at: new Date(Date.now() - (10 - id) * 60_000).toISOString(),
    body: '',
  });
  await writeFile(
    reviews,
    JSON.stringify([review(1, 'lena-hoffmann-acme', 48213377), review(2, 'ingrid-lind', 55501234)], null, 2),
  );
  narrator.say(
    'Reviews as GitHub returns them (GET /repos/{owner}/{repo}/pulls/{n}/reviews): lena-hoffmann-acme (Acme) and ingrid-lind (the joining org) approve.',
  );
  await expectVerdict(
    ctx,
    ['approvals', '--base', 'main', '--head', 'add-coldchain', '--reviews', reviews, ...author],
    'pending',
    ['--reviews', 'reviews.json'],
  );

  narrator.step('Harborview Retail approves too: a majority of the current members');
  await writeFile(
    reviews,
    JSON.stringify(
      [
        review(1, 'lena-hoffmann-acme', 48213377),
        review(2, 'ingrid-lind', 55501234),
        review(3, 'maria-delgado-hv', 25591834),
      ],
      null,
      2,
    ),
  );
  await expectVerdict(
    ctx,
    ['approvals', '--base', 'main', '--head', 'add-coldchain', '--reviews', reviews, ...author],
    'approved',
    ['--reviews', 'reviews.json'],
  );

  narrator.step("Merge, and render every member's manifests");
  narrator.shell('git switch main && git merge --no-ff add-coldchain');
  ctx.git('switch', '--quiet', 'main');
  ctx.git('merge', '--quiet', '--no-ff', '-m', 'Merge add-coldchain', 'add-coldchain');
  await expectCode(
    narrator.consortium(['render', '--out', ctx.rendered], { cwd: repo, shown: ['render', '--out', 'rendered'] }),
    0,
  );
  const members = (await readdir(ctx.rendered, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  narrator.say(`rendered/: ${members.join(', ')} — each ready for \`kubectl apply -k\`, Argo CD or Flux.`);
}

export async function proposeChannelAndChaincode(ctx: DemoContext): Promise<void> {
  const { narrator, repo } = ctx;
  narrator.step('A cold-chain channel between the carrier and the new member, with a chaincode');
  narrator.shell('git switch -c coldchain-telemetry');
  ctx.git('switch', '--quiet', '-c', 'coldchain-telemetry');
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
  narrator.shell(
    'git add -A && git commit -m "Propose the coldchain-telemetry channel and its temperature-log chaincode"',
  );
  ctx.git('add', '--all');
  ctx.git('commit', '--quiet', '-m', 'Propose the coldchain-telemetry channel and its temperature-log chaincode');
  await expectCode(narrator.consortium(['validate'], { cwd: repo }), 0);
  const author = ['--author', 'weiling-tan', '--author-id', '33018562'];
  await expectVerdict(ctx, ['approvals', '--base', 'main', '--head', 'coldchain-telemetry', ...author], 'pending');

  narrator.step('Both listed members approve');
  const head = ctx.git('rev-parse', 'coldchain-telemetry');
  const reviews = join(ctx.root, 'reviews-coldchain-telemetry.json');
  await writeFile(
    reviews,
    JSON.stringify(
      [
        {
          id: 11,
          user: { login: 'olle-berg', id: 55505678 },
          state: 'APPROVED',
          commit_id: head,
          submitted_at: new Date().toISOString(),
          body: '',
        },
      ],
      null,
      2,
    ),
  );
  narrator.say('olle-berg (Nordic Cold Chain) approves; the author weiling-tan counts for Straits Freight.');
  await expectVerdict(
    ctx,
    ['approvals', '--base', 'main', '--head', 'coldchain-telemetry', '--reviews', reviews, ...author],
    'approved',
    ['--reviews', 'reviews.json'],
  );
  narrator.shell('git switch main && git merge --no-ff coldchain-telemetry');
  ctx.git('switch', '--quiet', 'main');
  ctx.git('merge', '--quiet', '--no-ff', '-m', 'Merge coldchain-telemetry', 'coldchain-telemetry');
  await expectCode(
    narrator.consortium(['render', '--out', ctx.rendered], { cwd: repo, shown: ['render', '--out', 'rendered'] }),
    0,
  );
}
