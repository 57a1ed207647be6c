// npm run demo — the life of a consortium change, start to finish, in a temporary Git repository
// seeded from this template:
//   1. a new member from another region is proposed on a branch (org init + channel add-member);
//   2. validation passes; the governance verdict is `pending` and names who must approve;
//   3. simulated admin reviews arrive; the verdict turns `approved`; the branch is merged;
//   4. every member's manifests are rendered;
//   5. a new channel and a chaincode go through the same path;
//   6. when the test control plane binaries are built, each member's cluster is reconciled and the
//      plan shown empty.
// `--no-clusters` skips the last act even when the binaries are there (the test of this script).
// Every command is the CLI's own main(argv, io), run in-process and shown as a user would type it.
// The temporary directory, keys and any cluster processes are removed at the end, also on failure
// or Ctrl-C.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNarrator, type Narrator } from './narrator.ts';
import { runClusterAct } from './cluster-act.ts';

const projectRoot = resolve(import.meta.dirname, '..');
/** What a fresh consortium repository made from the template holds (the toolkit itself stays out). */
const templateParts = ['consortium', 'orgs', 'channels', 'schemas', 'README.md', 'docs', '.github'];

interface DemoContext {
  readonly narrator: Narrator;
  readonly root: string;
  readonly repo: string;
  readonly keys: string;
  readonly rendered: string;
  git(...args: string[]): string;
}

const cleanupSteps: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanupSteps.reverse()) await step().catch(() => undefined);
  })();
  return cleaning;
}
// A second Ctrl-C while cleaning up is ignored rather than allowed to kill the process half-way.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\ndemo: ${signal}, cleaning up...\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

const started = performance.now();
const narrator = createNarrator();
try {
  const root = await mkdtemp(join(tmpdir(), 'consortium-demo-'));
  cleanupSteps.push(() => rm(root, { recursive: true, force: true }));
  const ctx = await seedRepository(narrator, root);
  await proposeNewMember(ctx);
  await proposeChannelAndChaincode(ctx);
  narrator.step('The consortium now');
  await narrator.consortium(['status'], { cwd: ctx.repo });
  await runClusterAct({
    narrator,
    repo: ctx.repo,
    enabled: !process.argv.includes('--no-clusters'),
    registerCleanup: (step) => cleanupSteps.push(step),
  });
  narrator.step('Done');
  narrator.say(`Walkthrough finished in ${((performance.now() - started) / 1000).toFixed(1)} s; removing ${root}.`);
} catch (error) {
  process.stderr.write(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

async function seedRepository(narrator: Narrator, root: string): Promise<DemoContext> {
  const repo = join(root, 'consortium');
  const ctx: DemoContext = {
    narrator,
    root,
    repo,
    keys: join(root, 'keys'),
    rendered: join(root, 'rendered'),
    git: (...args) =>
      execFileSync('git', ['-C', repo, ...args], {
        encoding: 'utf8',
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: root,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_AUTHOR_NAME: 'Demo',
          GIT_AUTHOR_EMAIL: 'demo@example.invalid',
          GIT_COMMITTER_NAME: 'Demo',
          GIT_COMMITTER_EMAIL: 'demo@example.invalid',
        },
      }).trim(),
  };
  narrator.step('A consortium repository made from the template');
  await mkdir(repo);
  for (const part of templateParts) {
    if (existsSync(join(projectRoot, part))) await cp(join(projectRoot, part), join(repo, part), { recursive: true });
  }
  ctx.git('init', '--quiet', '--initial-branch=main');
  ctx.git('add', '--all');
  ctx.git('commit', '--quiet', '-m', 'Supply chain traceability consortium');
  narrator.say(`${repo}: three members (eu-central, ap-southeast, us-east), channels traceability and recalls.`);
  narrator.shell('git log --oneline');
  narrator.say(`  ${ctx.git('log', '--oneline')}`);
  await narrator.consortium(['status'], { cwd: repo });
  return ctx;
}

async function proposeNewMember(ctx: DemoContext): Promise<void> {
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

async function proposeChannelAndChaincode(ctx: DemoContext): Promise<void> {
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

async function expectCode(run: Promise<{ code: number }>, expected: number): Promise<void> {
  const { code } = await run;
  if (code !== expected) throw new Error(`the last command exited with ${code}, expected ${expected}`);
}

/** Shows `consortium approvals` as a user sees it, then checks its verdict through the JSON form. */
async function expectVerdict(
  ctx: DemoContext,
  args: readonly string[],
  expected: string,
  shownReplacements: readonly string[] = [],
): Promise<void> {
  const shown = [...args];
  if (shownReplacements.length === 2) {
    const at = shown.indexOf(shownReplacements[0] ?? '');
    if (at >= 0) shown[at + 1] = shownReplacements[1] ?? '';
  }
  await ctx.narrator.consortium(args, { cwd: ctx.repo, shown });
  const json = await ctx.narrator.consortium([...args, '--format', 'json'], { cwd: ctx.repo, silent: true });
  const verdict = (JSON.parse(json.stdout) as { verdict?: string }).verdict;
  if (verdict !== expected) throw new Error(`expected the verdict "${expected}", got "${verdict ?? 'none'}"`);
}
