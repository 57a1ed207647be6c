// The CCaaS external builder (test/fabric/ccaas-builder): its Go unit tests, then the built
// binaries driven the way a peer drives them (core/container/externalbuilder): the package's
// code.tar.gz unpacked into the source directory, metadata.json into the metadata directory, then
// bin/detect, bin/build, bin/release, and the release laid out where the peer reads it.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCcaasPackage, createTar, gzipStored } from '../../tools/src/render/chaincode-package.ts';
import { recordSkip } from '../support/requirements.ts';
import { CCAAS_BUILDER_SOURCE_DIR, locateCcaasBuilder } from './ccaas-builder/locate.ts';

const run = promisify(execFile);
const suite = 'CCaaS builder (test/fabric/ccaas-builder.test.ts)';
const haveGo = await run('go', ['version']).then(
  () => true,
  () => false,
);
if (!haveGo) recordSkip(suite, 'go not found on PATH; the builder is a Go program (Go 1.24 or newer)');

describe.skipIf(!haveGo)('CCaaS external builder', () => {
  let work = '';
  let builderDir = '';
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ccaas-builder-test-'));
    await run('bash', [join(CCAAS_BUILDER_SOURCE_DIR, 'build.sh')]);
    const located = locateCcaasBuilder();
    if (!located.found) throw new Error(located.reason);
    builderDir = located.dir;
  }, 180_000);
  afterAll(async () => {
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('passes its Go unit tests', async () => {
    const { stdout } = await run('go', ['test', '-count=1', './...'], {
      cwd: CCAAS_BUILDER_SOURCE_DIR,
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
    });
    expect(stdout).toMatch(/^ok\s+consortium-gitops\.local\/ccaas-builder/m);
  }, 180_000);

  /** Unpacks a package's parts as the peer does (NewBuildContext) and returns the directories. */
  const stage = async (name: string, metadataJson: string, code: Buffer) => {
    const dirs = { src: join(work, name, 'src'), metadata: join(work, name, 'metadata') };
    const bld = join(work, name, 'bld');
    const release = join(work, name, 'release');
    for (const dir of [dirs.src, dirs.metadata, bld, release]) await mkdir(dir, { recursive: true });
    await writeFile(join(work, name, 'code.tar.gz'), code);
    await run('tar', ['-xzf', join(work, name, 'code.tar.gz'), '-C', dirs.src]);
    await writeFile(join(dirs.metadata, 'metadata.json'), metadataJson);
    return { ...dirs, bld, release };
  };
  const step = (name: string, args: readonly string[]) => run(join(builderDir, 'bin', name), args);

  it('claims a rendered ccaas package and releases its connection.json and CouchDB indexes', async () => {
    const pkg = buildCcaasPackage({ label: 'provenance_1.0.0', address: 'provenance-1-0-0.manufacturer.svc:9999' });
    const index =
      '{"index":{"fields":["custodian"]},"ddoc":"indexCustodianDoc","name":"indexCustodian","type":"json"}\n';
    const code = gzipStored(
      createTar([
        { name: 'connection.json', data: Buffer.from(pkg.connectionJson) },
        { name: 'META-INF/statedb/couchdb/indexes/indexCustodian.json', data: Buffer.from(index) },
        {
          name: 'META-INF/statedb/couchdb/collections/contract-pricing/indexes/indexPrice.json',
          data: Buffer.from(index),
        },
      ]),
    );
    const dirs = await stage('rendered', pkg.metadataJson, code);
    await step('detect', [dirs.src, dirs.metadata]);
    await step('build', [dirs.src, dirs.metadata, dirs.bld]);
    await step('release', [dirs.bld, dirs.release]);
    expect(await readFile(join(dirs.release, 'chaincode/server/connection.json'), 'utf8')).toBe(pkg.connectionJson);
    expect(await readFile(join(dirs.release, 'statedb/couchdb/indexes/indexCustodian.json'), 'utf8')).toBe(index);
    expect(
      await readFile(
        join(dirs.release, 'statedb/couchdb/collections/contract-pricing/indexes/indexPrice.json'),
        'utf8',
      ),
    ).toBe(index);
  });

  it('leaves a package of another type to the next builder (detect exits 1)', async () => {
    const dirs = await stage(
      'golang',
      '{"type":"golang","label":"x"}',
      gzipStored(createTar([{ name: 'main.go', data: Buffer.from('package main\n') }])),
    );
    await expect(step('detect', [dirs.src, dirs.metadata])).rejects.toMatchObject({ code: 1 });
  });

  it('fails the build of a ccaas package without connection.json, naming the file', async () => {
    const dirs = await stage(
      'empty',
      '{"type":"ccaas","label":"x"}',
      gzipStored(createTar([{ name: 'README', data: Buffer.from('no connection\n') }])),
    );
    await step('detect', [dirs.src, dirs.metadata]);
    await expect(step('build', [dirs.src, dirs.metadata, dirs.bld])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('must contain connection.json') as unknown,
    });
  });
});
