// A real peer uses the CCaaS external builder (test/fabric/ccaas-builder): the native network's
// peers are configured with it (CORE_CHAINCODE_EXTERNALBUILDERS) and have no container engine, so
// `peer lifecycle chaincode install` of a ccaas package succeeds only if the builder claims,
// builds and releases it. The peer keeps the release under
// <fileSystemPath>/externalbuilder/builds/<package ID>/release, where it reads connection.json
// when the chaincode is first invoked and the CouchDB indexes when it is defined on a channel.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCcaasPackage, createTar, gzipStored } from '../../tools/src/render/chaincode-package.ts';
import { recordSkip } from '../support/requirements.ts';
import { fabricNetworkAvailability } from './availability.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';

const suite = 'CCaaS builder on a real peer (ccaas-builder.fabric.test.ts)';
const availability = fabricNetworkAvailability(suite);
const builderMissing =
  availability.available && availability.binaries.ccaasBuilderDir === undefined
    ? 'the CCaaS builder is not built; run test/fabric/ccaas-builder/build.sh (needs Go)'
    : undefined;
if (builderMissing !== undefined) recordSkip(suite, builderMissing);

describe.skipIf(!availability.available || builderMissing !== undefined)('CCaaS builder on a real peer', () => {
  let network: FabricNetwork | undefined;
  beforeAll(async () => {
    if (!availability.available) return;
    network = await startFabricNetwork({ binaries: availability.binaries });
  }, 300_000);
  afterAll(async () => {
    await network?.stop();
  });

  it('installs a ccaas package through the builder, releasing connection.json and the indexes', async () => {
    const net = network;
    if (net === undefined) throw new Error('network not started');
    const rendered = buildCcaasPackage({ label: 'provenance_1.0.0', address: 'provenance.manufacturer.svc:9999' });
    const index =
      '{"index":{"fields":["custodian"]},"ddoc":"indexCustodianDoc","name":"indexCustodian","type":"json"}\n';
    // The rendered package's parts, plus a CouchDB index in its code.tar.gz's META-INF.
    const bytes = gzipStored(
      createTar([
        { name: 'metadata.json', data: Buffer.from(rendered.metadataJson) },
        {
          name: 'code.tar.gz',
          data: gzipStored(
            createTar([
              { name: 'connection.json', data: Buffer.from(rendered.connectionJson) },
              { name: 'META-INF/statedb/couchdb/indexes/indexCustodian.json', data: Buffer.from(index) },
            ]),
          ),
        },
      ]),
    );
    const file = join(net.rootDir, 'provenance.tgz');
    await writeFile(file, bytes);
    const installed = await net.run(net.binaries.peer, ['lifecycle', 'chaincode', 'install', file], {
      env: net.adminEnv('manufacturer'),
    });
    expect(installed.stderr + installed.stdout).toMatch(
      /Chaincode code package identifier: provenance_1\.0\.0:[0-9a-f]{64}/,
    );
    expect(installed.code).toBe(0);
    const packageId = /identifier: (\S+)/.exec(installed.stderr + installed.stdout)?.[1] ?? '';

    const listed = await net.run(net.binaries.peer, ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json'], {
      env: net.adminEnv('manufacturer'),
    });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ installed_chaincodes: [{ package_id: packageId }] });

    const release = join(
      net.rootDir,
      'data',
      net.org('manufacturer').peerHost,
      'production',
      'externalbuilder',
      'builds',
      packageId.replace(/[<>:"/\\|?*&]/g, '-'),
      'release',
    );
    expect(existsSync(release)).toBe(true);
    expect(await readFile(join(release, 'chaincode', 'server', 'connection.json'), 'utf8')).toBe(
      rendered.connectionJson,
    );
    expect(await readFile(join(release, 'statedb', 'couchdb', 'indexes', 'indexCustodian.json'), 'utf8')).toBe(index);
  });
});
