// `consortium plan` and `reconcile` without --from render in-process: the objects they would apply
// must be exactly what `consortium render` writes, the submission Jobs of a merged channel update
// included (the signers' Jobs are how a merged update reaches the ordering service).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMemberSources } from '../../tools/src/commands/reconcile.ts';
import { exampleWithKeys, type ExampleWithKeys } from '../e2e/example-with-keys.ts';
import { runCli } from '../support/run-cli.ts';

const now = new Date();
let example: ExampleWithKeys;

async function cli(...args: string[]): Promise<void> {
  const run = await runCli([...args, '--repo', example.repo.dir], { now });
  expect(run.code, run.stderr + run.stdout).toBe(0);
}

beforeAll(async () => {
  example = await exampleWithKeys();
  // A fourth member added to traceability, its update signed by two current members' admins.
  await cli(
    'org',
    'init',
    'distributor',
    '--msp-id',
    'NordicDistributionMSP',
    '--region',
    'eu-north',
    '--domain',
    'nordic-distribution.example',
    '--admin',
    'erik-nd:58120934',
    '--key-dir',
    example.keyDir,
  );
  await cli('channel', 'add-member', 'traceability', 'distributor');
  await cli('channel', 'update', 'traceability');
  for (const org of ['manufacturer', 'logistics'])
    await cli('channel', 'sign', 'traceability', '--org', org, '--key-dir', example.keyDir);
}, 120_000);
afterAll(async () => {
  await example?.remove();
});

describe('the objects plan and reconcile render in-process', () => {
  it('are those `consortium render` writes, the signers’ update submission Jobs included', async () => {
    const sources = await loadMemberSources({
      repo: example.repo.dir,
      all: true,
      mode: 'plan',
      credentials: () => Promise.reject(new Error('not needed to render')),
      now: () => now,
      holder: 'test',
    });
    const out = join(example.keyDir, 'rendered');
    await cli('render', '--out', out);
    for (const source of sources) {
      const files = (await readdir(join(out, source.member))).filter((f) => f !== 'kustomization.yaml');
      const written = await Promise.all(
        files.map(
          async (f) =>
            load(await readFile(join(out, source.member, f), 'utf8')) as { kind: string; metadata: { name: string } },
        ),
      );
      const names = (objects: readonly { kind: string; metadata: { name: string } }[]) =>
        objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();
      expect(names(source.desired), source.member).toEqual(names(written));
    }
    const submitters = sources
      .filter((s) =>
        s.desired.some((o) => o.kind === 'Job' && o.metadata.name.startsWith('traceability-update-0001-submit-')),
      )
      .map((s) => s.member)
      .sort();
    expect(submitters).toEqual(['logistics', 'manufacturer']);
  });
});
