// Adding a fourth member, end to end on a native Fabric network: `org init`, `channel add-member`,
// the channel update, two current members' admins `channel sign` with the keys `org init` made,
// `channel verify` and the governance check, then after the merge the submission Job each signer
// renders runs its script against the ordering service (two of them racing), the new member's
// peer join Job waits until the ledger config contains the org, joins, and its peer reaches the
// height of the others.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { load } from 'js-yaml';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFilesystemReader } from '../../tools/src/adapters/filesystem.ts';
import { readChannelLedger } from '../../tools/src/commands/channel-ledger.ts';
import { decodeConfigBlock } from '../../tools/src/fabric/config/config-block.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { fabricNetworkAvailability } from './availability.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';
import { jobContainer, runRenderedJob } from './rendered-job.ts';

const CHANNEL = 'traceability';
const fail = (why: string): never => {
  throw new Error(why);
};
const NEW_ORG = 'distributor';
const availability = fabricNetworkAvailability('add a fourth member on a native Fabric network (*.fabric.test.ts)');

describe.skipIf(!availability.available)('adding a fourth member to a running channel', () => {
  let network: FabricNetwork;
  let repo: string;
  let home: string;
  let started = 0;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.invalid',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.invalid',
      },
    }).trim();
  // The real clock: the certificates org init makes must be valid for the running nodes now.
  const cli = (...args: string[]) => runCli([...args, '--repo', repo], { cwd: repo, home, now: new Date() });

  beforeAll(async () => {
    if (!availability.available) return;
    started = performance.now();
    network = await startFabricNetwork({ binaries: availability.binaries });
    repo = network.repo.dir;
    home = join(network.rootDir, 'home');
    await mkdir(home);
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'The consortium as it runs');
  }, 300_000);
  afterAll(async () => {
    await network?.stop();
    if (started > 0)
      console.log(
        `add-a-member test with network start and stop: ${((performance.now() - started) / 1000).toFixed(1)}s`,
      );
  });

  it('proposes, updates, signs, verifies and approves the addition in the repository', async () => {
    git('switch', '-q', '-c', 'add-distributor');
    const keyDir = network.repo.keysRoot;
    const init = await cli(
      'org',
      'init',
      NEW_ORG,
      '--msp-id',
      'NordicDistributionMSP',
      '--region',
      'eu-north',
      '--domain',
      'nordic-distribution.example',
      '--admin',
      'erik-nd:58120934',
      '--key-dir',
      keyDir,
    );
    expect(init.code, init.stderr + init.stdout).toBe(0);
    const add = await cli('channel', 'add-member', CHANNEL, NEW_ORG);
    expect(add.code, add.stderr + add.stdout).toBe(0);

    // The update: the ledger config (block 0) to the config the repository now describes.
    const update = await cli('channel', 'update', CHANNEL);
    expect(update.code, update.stderr + update.stdout).toBe(0);
    expect(update.stdout).toContain('needs 2 of: AcmeManufacturingMSP, HarborviewRetailMSP, StraitsFreightMSP admins');
    expect(existsSync(join(repo, 'channels', CHANNEL, 'updates', '0001', 'update.pb'))).toBe(true);

    const pending = await cli('channel', 'verify', CHANNEL, '--format', 'json');
    expect(pending.code).toBe(1);
    for (const org of ['manufacturer', 'logistics']) {
      const sign = await cli('channel', 'sign', CHANNEL, '--org', org, '--key-dir', keyDir);
      expect(sign.code, sign.stderr + sign.stdout).toBe(0);
    }
    const verified = await cli('channel', 'verify', CHANNEL, '--format', 'json');
    expect(verified.code, verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ channel: CHANNEL, update: '0001', satisfied: true });

    git('add', '-A');
    git('commit', '-q', '-m', 'Add Nordic Distribution to traceability');
    const head = git('rev-parse', 'HEAD');
    const reviews = [
      { id: 1, user: { login: 'lena-hoffmann-acme', id: 48213377 }, state: 'APPROVED', commit_id: head },
      { id: 2, user: { login: 'weiling-tan', id: 33018562 }, state: 'APPROVED', commit_id: head },
    ];
    const reviewsFile = join(network.rootDir, 'reviews.json');
    await writeFile(reviewsFile, JSON.stringify(reviews));
    const approvals = await cli(
      'approvals',
      '--base',
      'main',
      '--head',
      'add-distributor',
      '--author',
      'erik-nd',
      '--reviews',
      reviewsFile,
      '--format',
      'json',
    );
    const verdict = (JSON.parse(approvals.stdout) as { verdict: string }).verdict;
    expect(verdict, approvals.stdout).toBe('approved');
    git('switch', '-q', 'main');
    git('merge', '-q', '--ff-only', 'add-distributor');
  });

  it('after the merge, the signers submit, the new peer joins once the ledger has the org, and catches up', async () => {
    // Every member renders its manifests from the merged repository, as its CD pipeline would.
    const out = join(network.rootDir, 'rendered');
    const render = await cli('render', '--out', out);
    expect(render.code, render.stderr + render.stdout).toBe(0);
    const rendered = async (org: string, prefix: string) => {
      const names = (await readdir(join(out, org))).filter((n) => n.startsWith(prefix));
      return Promise.all(names.map(async (n) => load(await readFile(join(out, org, n), 'utf8')) as KubeObject));
    };
    const submitters = new Map<string, KubeObject>();
    for (const org of ['manufacturer', 'logistics', 'retailer', NEW_ORG]) {
      const [job, ...more] = await rendered(org, 'job-traceability-update-0001-submit-');
      expect(more).toEqual([]);
      if (job !== undefined) submitters.set(org, job);
    }
    // Only the orgs that signed submit: `peer channel update` adds the submitter's signature.
    expect([...submitters.keys()].sort()).toEqual(['logistics', 'manufacturer']);
    const [configMap] = await rendered('manufacturer', 'configmap-traceability-update-0001-');
    const envelope = (configMap as { binaryData?: Record<string, string> } | undefined)?.binaryData?.['envelope.pb'];
    if (envelope === undefined) throw new Error('no envelope ConfigMap rendered');
    const envelopeFile = join(network.rootDir, 'envelope.pb');
    await writeFile(envelopeFile, Buffer.from(envelope, 'base64'));
    const files = await readChannelLedger(createFilesystemReader(repo), CHANNEL);
    const sequence = Number(
      jobContainer(submitters.get('manufacturer') ?? fail('no Job')).env?.find((e) => e.name === 'SEQUENCE')?.value,
    );
    expect(sequence).toBe(1);

    // The new member's peer starts and its join Job runs first: it must wait, not fail.
    await network.startOrgPeer(NEW_ORG);
    const [joinJob] = await rendered(NEW_ORG, 'job-peer0-distributor-join-traceability-');
    const joining = runRenderedJob(network, {
      job: joinJob ?? fail('no join Job rendered'),
      orgId: NEW_ORG,
      files: { GENESIS_BLOCK: join(repo, files.genesis.file) },
      deadlineSeconds: 120,
    });

    // The join Job's first look at the ledger must come before the update lands, or it has
    // nothing to wait for: give it a head start, then both signers' Jobs race to submit.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const submitted = await Promise.all(
      [...submitters].map(([org, job]) =>
        runRenderedJob(network, { job, orgId: org, files: { ENVELOPE: envelopeFile } }),
      ),
    );
    for (const result of submitted) expect(result.code, result.stdout + result.stderr).toBe(0);
    console.log(submitted.map((r) => r.stdout.trim()).join('\n---\n'));

    const joined = await joining;
    expect(joined.code, joined.stdout + joined.stderr).toBe(0);
    expect(joined.stdout).toMatch(/waiting: .*does not contain NordicDistributionMSP|waiting: cannot read the config/);

    const ledger = decodeConfigBlock(await network.fetchConfigBlock(CHANNEL, 'manufacturer'));
    expect(ledger.config.sequence).toBe(sequence);
    expect(Object.keys(ledger.config.channelGroup.groups['Application']?.groups ?? {})).toContain(
      'NordicDistributionMSP',
    );
    const height = await network.waitForSameHeight(CHANNEL, ['manufacturer', 'logistics', 'retailer', NEW_ORG], 2);
    expect(height).toBe(2);

    // A Job that runs again (or late) finds the update on the ledger and is done.
    const again = await runRenderedJob(network, {
      job: submitters.get('manufacturer') ?? fail('no Job'),
      orgId: 'manufacturer',
      files: { ENVELOPE: envelopeFile },
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/update 0001 of channel traceability is on the ledger/);
  });
});
