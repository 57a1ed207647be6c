import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useExampleRepos, type ExampleRepo } from '../authoring/support/example-repo.ts';
import { runCli } from '../authoring/support/run-cli.ts';

const example = useExampleRepos();
const propose = (repo: ExampleRepo, ...args: string[]) =>
  runCli(['chaincode', 'propose', ...args, '--repo', repo.dir], { cwd: repo.dir });
const provenance = 'channels/traceability/chaincodes/provenance.yaml';

describe('consortium chaincode propose', () => {
  it('upgrades a definition to the committed sequence + 1, editing only the values that change', async () => {
    const repo = await example();
    const before = repo.read(provenance);
    const image = 'ghcr.io/supply-chain-traceability/provenance-chaincode:1.1.0';
    const run = await propose(
      repo,
      'traceability',
      'provenance',
      '--version',
      '1.1.0',
      '--image',
      image,
      '--format',
      'json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = repo.read(provenance);
    const committedImage = /image: (\S+)/.exec(before)?.[1] ?? '';
    expect(after).toBe(
      `${before
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace('sequence: 1\n', 'sequence: 2\n')
        .replace(/provenance-chaincode:1\.0\.0@sha256:[0-9a-f]{64}/, 'provenance-chaincode:1.1.0')}\n` +
        '# The committed version: its server keeps running beside the new one until this sequence is\n' +
        '# committed. Remove previous once it is (reconcile then prunes the old server).\n' +
        `previous:\n  version: 1.0.0\n  image: ${committedImage}\n`,
    );
    const out = JSON.parse(run.stdout) as {
      kind: string;
      sequence: number;
      approvals: { changes: { kind: string; requires: string }[] };
    };
    expect(out.kind).toBe('upgrade');
    expect(out.sequence).toBe(2);
    const upgrade = out.approvals.changes.find((c) => c.kind === 'chaincode.upgrade');
    expect(upgrade?.requires).toMatch(/MAJORITY Endorsement/);
  });

  it('defines a new chaincode at sequence 1 on every channel member, with the schema line', async () => {
    const repo = await example();
    const run = await propose(
      repo,
      'recalls',
      'recall-audit',
      '--version',
      '0.1.0',
      '--image',
      'ghcr.io/example/recall-audit:0.1.0',
      '--endorsement-policy',
      "AND('AcmeManufacturingMSP.peer', 'HarborviewRetailMSP.peer')",
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = repo.read('channels/recalls/chaincodes/recall-audit.yaml');
    expect(text.startsWith('# yaml-language-server: $schema=../../../schemas/chaincode.schema.json\n')).toBe(true);
    expect(parse(text)).toMatchObject({
      kind: 'Chaincode',
      name: 'recall-audit',
      version: '0.1.0',
      sequence: 1,
      endorsementPolicy: "AND('AcmeManufacturingMSP.peer', 'HarborviewRetailMSP.peer')",
      installedOn: ['manufacturer', 'retailer'],
    });
    expect(run.stdout).toMatch(/chaincode\.define recalls\/recall-audit/);
  });

  it('explains, without asking any registry, that an image given by tag does not pin the code', async () => {
    const repo = await example();
    const tagged = 'ghcr.io/supply-chain-traceability/provenance-chaincode:1.1.0';
    const text = await propose(repo, 'traceability', 'provenance', '--version', '1.1.0', '--image', tagged);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`--image ${tagged} names a tag`);
    expect(text.stdout).toMatch(/not looked up in any registry/);
    expect(text.stdout).toMatch(/@sha256:/);
    expect(text.stdout).toMatch(
      /warning channels\/traceability\/chaincodes\/provenance\.yaml:\d+ chaincode-image-digest/,
    );

    const pinned = `ghcr.io/supply-chain-traceability/provenance-chaincode:1.2.0@sha256:${'ab'.repeat(32)}`;
    const json = await propose(
      repo,
      'traceability',
      'provenance',
      '--version',
      '1.2.0',
      '--image',
      pinned,
      '--format',
      'json',
    );
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as { imageNotice: string | null; warnings: { rule: string }[] };
    expect(out.imageNotice).toBeNull();
    expect(out.warnings.filter((w) => w.rule === 'chaincode-image-digest')).toEqual([]);
  });

  it('refuses a tag when the consortium requires digests, saying how to pin it', async () => {
    const repo = await example();
    writeFileSync(
      join(repo.dir, 'consortium/consortium.yaml'),
      repo
        .read('consortium/consortium.yaml')
        .replace('requireChaincodeImageDigest: false', 'requireChaincodeImageDigest: true'),
    );
    const before = repo.snapshot();
    const run = await propose(
      repo,
      'traceability',
      'provenance',
      '--version',
      '1.1.0',
      '--image',
      'x/provenance:1.1.0',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /chaincode-image-digest: chaincode image "x\/provenance:1\.1\.0" is not pinned by digest/,
    );
    expect(repo.snapshot()).toEqual(before);
  });

  it('refuses an unchanged definition with a clear message and writes nothing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const run = await propose(
      repo,
      'traceability',
      'provenance',
      '--version',
      '1.0.0',
      '--image',
      (parse(repo.read(provenance)) as { image: string }).image,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/already at version 1\.0\.0, sequence 1, with this image; nothing to propose/);
    expect(repo.snapshot()).toEqual(before);
  });

  it('refuses a name Fabric reserves, an invalid version and an org outside the channel, writing nothing', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const reserved = await propose(repo, 'recalls', 'lscc', '--version', '1', '--image', 'x:1');
    expect(reserved.code).toBe(2);
    expect(reserved.stderr).toMatch(/"lscc" is reserved by Fabric/);
    const version = await propose(repo, 'recalls', 'ok', '--version', '1 0', '--image', 'x:1');
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/version "1 0"/);
    const outsider = await propose(
      repo,
      'recalls',
      'ok',
      '--version',
      '1',
      '--image',
      'x:1',
      '--installed-on',
      'logistics',
    );
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/--installed-on logistics: not a member of channel recalls/);
    expect(repo.snapshot()).toEqual(before);
  });

  it('refuses a definition whose endorsement policy does not validate, and rolls nothing out', async () => {
    const repo = await example();
    const before = repo.snapshot();
    const run = await propose(
      repo,
      'recalls',
      'broken',
      '--version',
      '1',
      '--image',
      'x:1',
      '--endorsement-policy',
      "AND('NotAMemberMSP.peer')",
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/would not validate, so nothing was written/);
    expect(run.stderr).toMatch(/channels\/recalls\/chaincodes\/broken\.yaml/);
    expect(repo.snapshot()).toEqual(before);
  });
});
