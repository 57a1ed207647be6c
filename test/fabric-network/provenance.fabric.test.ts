// The provenance chaincode and its client on real Fabric binaries: each member runs the chaincode
// server as its rendered Deployment would, its rendered approve Job installs the rendered CCaaS
// package on its peer (through the peers' CCaaS builder) and approves; with the first member's peer
// down (it used to be the only member that committed), another member's rendered commit Job
// commits. The definition requires Init (initRequired, init: InitLedger): the chaincode servers are
// not up yet, so that Job's Init call gives up, and Fabric refuses every transaction until Init
// ran; the first member's own commit Job, once its peer is back, finds the sequence committed and
// makes the Init call, which records the charter once; a Job run again after it is done. Then the
// client, through each member's rendered connection profile, records custody
// hand-overs, reads the shipment on every member's peer and its history, and writes and reads the
// private price (which the member outside the collection cannot read, only its hash). The rendered
// package carries the chaincode's CouchDB index, which each peer's builder releases.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { stopProcess } from '../cluster/processes.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';
import {
  findObject,
  provenanceSuiteAvailability,
  renderMembers,
  runClient,
  startChaincodeServer,
  writeConnectionProfile,
  type RunningChaincode,
} from './provenance.ts';
import { runRenderedJob } from './rendered-job.ts';
import type { RunResult } from './sandbox.ts';

const suite = 'provenance chaincode and client on a native Fabric network (provenance.fabric.test.ts)';
const { availability, chaincode, missing } = provenanceSuiteAvailability(suite);

const CHANNEL = 'traceability';
const MEMBERS = ['manufacturer', 'logistics', 'retailer'] as const;
const MSP = { manufacturer: 'AcmeManufacturingMSP', logistics: 'StraitsFreightMSP', retailer: 'HarborviewRetailMSP' };
const output = (r: RunResult) => `${r.stdout}${r.stderr}`;
const CONSORTIUM = 'supply-chain-traceability';
const CHAINCODE_FILE = `channels/${CHANNEL}/chaincodes/provenance.yaml`;

/** The example's definition, made to require Init: the charter of the consortium, once. */
async function requireInit(repoDir: string): Promise<void> {
  const file = join(repoDir, CHAINCODE_FILE);
  const text = await readFile(file, 'utf8');
  const init = ['initRequired: true', 'init:', '  function: InitLedger', '  args:', `    - ${CONSORTIUM}`];
  init.push(`    - '${JSON.stringify(Object.values(MSP))}'`);
  if (!text.includes('initRequired: false\n')) throw new Error(`${CHAINCODE_FILE} no longer says initRequired: false`);
  await writeFile(file, text.replace('initRequired: false\n', `${init.join('\n')}\n`));
}

describe.skipIf(!availability.available || missing !== undefined)('provenance on a native Fabric network', () => {
  let network: FabricNetwork;
  let rendered: Map<string, KubeObject[]>;
  const servers = new Map<string, RunningChaincode>();
  const profiles = new Map<string, string>();
  const objectsOf = (org: string) => rendered.get(org) ?? [];
  const client = async (org: string, ...args: string[]) => {
    let result = await runClient(network, org, profiles.get(org) ?? '', args);
    // Gossip tells each peer's discovery service where the chaincode runs some time after the
    // commit, and learns a restarted peer again only after its alive messages expire and reconnect
    // (25 s each by default); until then the Gateway finds no endorsers and says so.
    const until = Date.now() + 240_000;
    while (result.code !== 0 && /no combination of peers/.test(result.stderr) && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      result = await runClient(network, org, profiles.get(org) ?? '', args);
    }
    return { ...result, json: result.code === 0 ? (JSON.parse(result.stdout) as unknown) : undefined };
  };

  beforeAll(async () => {
    if (!availability.available || chaincode?.found !== true) return;
    network = await startFabricNetwork({ binaries: availability.binaries });
    await requireInit(network.repo.dir);
    rendered = await renderMembers(network);
    for (const org of MEMBERS) {
      await startServer(org);
      profiles.set(org, await writeConnectionProfile(network, org, objectsOf(org)));
    }
  }, 300_000);
  const startServer = async (org: string) => {
    if (chaincode?.found !== true) throw new Error('no chaincode binary');
    servers.set(
      org,
      await startChaincodeServer(network, {
        orgId: org,
        binary: chaincode.binary,
        deployment: findObject(objectsOf(org), 'Deployment', 'provenance-traceability-1-0-0'),
        packageMap: findObject(objectsOf(org), 'ConfigMap', 'provenance-traceability-1-0-0-package'),
      }),
    );
  };
  afterAll(async () => {
    await network?.stop();
  });

  it("installs the rendered package and approves with every member's rendered approve Job", async () => {
    const results = await Promise.all(
      MEMBERS.map((org) =>
        runRenderedJob(network, {
          job: findObject(objectsOf(org), 'Job', /^provenance-traceability-approve-/),
          orgId: org,
          files: { PACKAGE_FILE: servers.get(org)?.packageFile ?? '' },
          deadlineSeconds: 120,
        }),
      ),
    );
    for (const [i, org] of MEMBERS.entries()) {
      const result = results[i];
      if (result === undefined) throw new Error(`no result for ${org}`);
      expect(result.code, output(result)).toBe(0);
      expect(result.stdout).toContain(`is approved by ${MSP[org]} with ${servers.get(org)?.packageId ?? ''}`);
      // The chaincode's CouchDB index came with the rendered package; the builder released it to the peer.
      const release = join(
        network.rootDir,
        'data',
        network.org(org).peerHost,
        'production',
        'externalbuilder',
        'builds',
        (servers.get(org)?.packageId ?? '').replace(/[<>:"/\\|?*&]/g, '-'),
        'release',
      );
      expect(
        JSON.parse(await readFile(join(release, 'statedb/couchdb/indexes/indexHolder.json'), 'utf8')),
      ).toMatchObject({
        index: { fields: ['docType', 'holder'] },
      });
    }
  });

  it("commits from another member's rendered Job while the first member's peer is down; Init waits for the chaincode", async () => {
    await network.stopPeer('manufacturer');
    // The chaincode servers are not up yet (say, their image is still being pulled): the commit
    // lands, the Init call cannot, and the Job gives up (its pod fails; Kubernetes starts another).
    for (const server of servers.values()) await stopProcess(server.process);
    const commit = await runRenderedJob(network, {
      job: findObject(objectsOf('logistics'), 'Job', /^provenance-traceability-commit-/),
      orgId: 'logistics',
      deadlineSeconds: 30,
    });
    expect(commit.code, output(commit)).toBe(1);
    expect(commit.stdout).toMatch(/peer peer0\.\S+ of AcmeManufacturingMSP does not answer, committing without it/);
    expect(commit.stdout).toContain(
      'committing sequence 1 of provenance on traceability, endorsed by StraitsFreightMSP HarborviewRetailMSP',
    );
    expect(commit.stdout).toContain('sequence 1 of provenance is committed on traceability');
    expect(commit.stdout).toMatch(/waiting: Init of provenance on traceability failed: /);
    expect(commit.stderr).toMatch(/gave up after 30s: Init of provenance on traceability failed: /);
    const committed = await network.run(
      network.binaries.peer,
      ['lifecycle', 'chaincode', 'querycommitted', '-C', CHANNEL, '-n', 'provenance', '--output', 'json'],
      { env: network.adminEnv('retailer') },
    );
    expect(JSON.parse(committed.stdout)).toMatchObject({ sequence: 1, version: '1.0.0', init_required: true });
  });

  it('refuses every transaction until Init ran; the next commit Job makes the Init call once', async () => {
    for (const org of MEMBERS) await startServer(org);
    const early = await client('logistics', 'record', 'SHP-0', 'acme-plant-7', 'straits-freight', 'Rotterdam');
    expect(early.code, output(early)).toBe(1);
    expect(early.stderr).toContain(
      "chaincode 'provenance' has not been initialized for this version, must call as init first",
    );

    await network.startPeerAgain('manufacturer');
    const again = await runRenderedJob(network, {
      job: findObject(objectsOf('manufacturer'), 'Job', /^provenance-traceability-commit-/),
      orgId: 'manufacturer',
      deadlineSeconds: 180,
    });
    expect(again.code, output(again)).toBe(0);
    expect(again.stdout).toContain('sequence 1 of provenance is committed on traceability');
    expect(again.stdout).not.toContain('committing sequence');
    expect(again.stdout).toMatch(/Init of provenance invoked on traceability, endorsed by( \S+MSP)+/);
    const initTx = /txid \[([0-9a-f]{64})\] committed with status \(VALID\)/.exec(again.stdout)?.[1];
    expect(initTx, again.stdout).toBeDefined();

    // Run again after its Init (a Job restarted, or another member's): nothing more happens.
    const after = await runRenderedJob(network, {
      job: findObject(objectsOf('logistics'), 'Job', /^provenance-traceability-commit-/),
      orgId: 'logistics',
      deadlineSeconds: 120,
    });
    expect(after.code, output(after)).toBe(0);
    expect(after.stdout).toContain('provenance is already initialized on traceability');
    expect(after.stdout).not.toContain('Init of provenance invoked');
    await network.waitForSameHeight(CHANNEL, [...MEMBERS]);

    // The Init call's effect, on every member's peer: recorded by that one transaction, once.
    for (const org of MEMBERS) {
      const charter = await client(org, 'charter');
      expect(charter.code, output(charter)).toBe(0);
      expect(charter.json).toEqual({
        docType: 'charter',
        consortium: CONSORTIUM,
        members: Object.values(MSP).sort(),
        establishedBy: MSP.manufacturer,
        establishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        establishedTx: initTx,
        confirmations: 1,
        confirmedTx: initTx,
      });
    }
  }, 600_000);

  it("records hand-overs through the rendered connection profiles; every member's peer has them", async () => {
    const first = await client('manufacturer', 'record', 'SHP-1', 'acme-plant-7', 'straits-freight', 'Rotterdam');
    expect(first.code, output(first)).toBe(0);
    const second = await client('logistics', 'record', 'SHP-1', 'straits-freight', 'harborview-dc-2', 'Singapore');
    expect(second.code, output(second)).toBe(0);
    const refused = await client('retailer', 'record', 'SHP-1', 'straits-freight', 'harborview-store-9', 'Singapore');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('shipment SHP-1 is held by "harborview-dc-2", not "straits-freight"');

    const height = await network.waitForSameHeight(CHANNEL, [...MEMBERS]);
    expect(height).toBeGreaterThan(0);
    for (const org of MEMBERS) {
      const shipment = await client(org, 'shipment', 'SHP-1');
      expect(shipment.code, output(shipment)).toBe(0);
      expect(shipment.json).toMatchObject({
        id: 'SHP-1',
        holder: 'harborview-dc-2',
        from: 'straits-freight',
        handOvers: 2,
        recordedBy: 'StraitsFreightMSP',
      });
    }
    const history = await client('retailer', 'history', 'SHP-1');
    expect(history.code, output(history)).toBe(0);
    expect(history.json).toMatchObject([
      { txId: (first.json as { transactionId: string }).transactionId, shipment: { holder: 'straits-freight' } },
      { txId: (second.json as { transactionId: string }).transactionId, shipment: { holder: 'harborview-dc-2' } },
    ]);
  }, 600_000);

  it('writes the private price as transient data and only the collection members read it', async () => {
    const set = await client(
      'manufacturer',
      'set-price',
      'SHP-1',
      '1250000',
      'EUR',
      '--endorsing',
      `${MSP.manufacturer},${MSP.retailer}`,
    );
    expect(set.code, output(set)).toBe(0);
    await network.waitForSameHeight(CHANNEL, [...MEMBERS]);
    const terms = { shipmentId: 'SHP-1', amountCents: 1250000, currency: 'EUR', setBy: MSP.manufacturer };
    const read = await client('retailer', 'price', 'SHP-1');
    expect(read.code, output(read)).toBe(0);
    expect(read.json).toEqual(terms);
    const outsider = await client('logistics', 'price', 'SHP-1');
    expect(outsider.code).toBe(1);
    expect(outsider.stderr).toMatch(/does not have read access permission|not a member of the collection/i);
    const hash = await client('logistics', 'price-hash', 'SHP-1');
    expect(hash.code, output(hash)).toBe(0);
    expect(hash.json).toEqual({ sha256: createHash('sha256').update(JSON.stringify(terms)).digest('hex') });
  });
});
