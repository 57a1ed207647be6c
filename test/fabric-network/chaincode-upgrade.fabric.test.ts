// A chaincode upgrade without an outage, on real Fabric binaries: the provenance chaincode runs at
// 1.0.0 (sequence 1) with every member's server as its rendered Deployment would run it, and a
// client records hand-overs in a loop. `consortium chaincode propose` writes the 1.1.0 definition
// (sequence 2) with `previous: 1.0.0`; the members' new render keeps the 1.0.0 server exactly as it
// runs and adds the 1.1.0 server beside it, whose package names the 1.1.0 Service. Every member's
// rendered approve Job installs and approves the new package, one member's commit Job commits, and
// the client's loop sees no failed transaction from start to end (one endorsed under sequence 1
// and ordered after the commit is invalidated by Fabric and submitted again by the client, which
// the loop counts). Then the 1.0.0 servers stop and transactions keep committing on 1.1.0; once
// `previous` is removed, render no longer emits the 1.0.0 server, so reconcile prunes it.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../tools/src/render/types.ts';
import { runCli } from '../authoring/support/run-cli.ts';
import { stopProcess, type ManagedProcess } from '../cluster/processes.ts';
import { waitFor } from '../cluster/wait.ts';
import type { LoopRecord } from './client-loop.ts';
import { startFabricNetwork, type FabricNetwork } from './network.ts';
import {
  containerEnv,
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

const suite = 'chaincode upgrade without an outage on a native Fabric network (chaincode-upgrade.fabric.test.ts)';
const { availability, chaincode, missing } = provenanceSuiteAvailability(suite);

const CHANNEL = 'traceability';
const MEMBERS = ['manufacturer', 'logistics', 'retailer'] as const;
const MSP = { manufacturer: 'AcmeManufacturingMSP', logistics: 'StraitsFreightMSP', retailer: 'HarborviewRetailMSP' };
const CHAINCODE_FILE = `channels/${CHANNEL}/chaincodes/provenance.yaml`;
const IMAGE_1_1_0 = `ghcr.io/supply-chain-traceability/provenance-chaincode:1.1.0@sha256:${'ab'.repeat(32)}`;
const output = (r: RunResult) => `${r.stdout}${r.stderr}`;

describe.skipIf(!availability.available || missing !== undefined)(
  'chaincode upgrade on a native Fabric network',
  () => {
    let network: FabricNetwork;
    let rendered: Map<string, KubeObject[]>;
    let upgraded: Map<string, KubeObject[]>;
    const servers = { '1.0.0': new Map<string, RunningChaincode>(), '1.1.0': new Map<string, RunningChaincode>() };
    const profiles = new Map<string, string>();
    const of = (objects: Map<string, KubeObject[]>, org: string) => objects.get(org) ?? [];
    const job = (objects: Map<string, KubeObject[]>, org: string, kind: 'approve' | 'commit') =>
      findObject(of(objects, org), 'Job', new RegExp(`^provenance-traceability-${kind}-`));
    const startServer = async (objects: KubeObject[], org: string, version: '1.0.0' | '1.1.0') => {
      if (chaincode?.found !== true) throw new Error('no chaincode binary');
      const name = `provenance-traceability-${version.replace(/\./g, '-')}`;
      servers[version].set(
        org,
        await startChaincodeServer(network, {
          orgId: org,
          binary: chaincode.binary,
          deployment: findObject(objects, 'Deployment', name),
          packageMap: findObject(objects, 'ConfigMap', `${name}-package`),
        }),
      );
    };
    const approveAll = (objects: Map<string, KubeObject[]>, version: '1.0.0' | '1.1.0') =>
      Promise.all(
        MEMBERS.map((org) =>
          runRenderedJob(network, {
            job: job(objects, org, 'approve'),
            orgId: org,
            files: { PACKAGE_FILE: servers[version].get(org)?.packageFile ?? '' },
            deadlineSeconds: 180,
          }),
        ),
      );

    beforeAll(async () => {
      if (!availability.available || chaincode?.found !== true) return;
      network = await startFabricNetwork({ binaries: availability.binaries });
      rendered = await renderMembers(network);
      for (const org of MEMBERS) {
        await startServer(of(rendered, org), org, '1.0.0');
        profiles.set(org, await writeConnectionProfile(network, org, of(rendered, org)));
      }
      for (const result of await approveAll(rendered, '1.0.0')) expect(result.code, output(result)).toBe(0);
      const commit = await runRenderedJob(network, {
        job: job(rendered, 'logistics', 'commit'),
        orgId: 'logistics',
        deadlineSeconds: 120,
      });
      expect(commit.code, output(commit)).toBe(0);
      // Until gossip tells the Gateway where the chaincode runs, it finds no endorsers; then it works.
      await waitFor({
        what: 'a first hand-over on 1.0.0',
        timeoutMs: 240_000,
        intervalMs: 2_000,
        check: async () =>
          (
            await runClient(network, 'manufacturer', profiles.get('manufacturer') ?? '', [
              'record',
              'SHP-FIRST',
              'acme-plant-7',
              'straits-freight',
              'Rotterdam',
            ])
          ).code === 0,
      });
    }, 600_000);
    afterAll(async () => {
      await network?.stop();
    });

    it('upgrades 1.0.0 to 1.1.0 through the rendered Jobs while a client submits in a loop: no transaction fails', async () => {
      // Two clients, each through its own member's Gateway peer, one transaction after the other.
      const stopFile = join(network.rootDir, 'client-loop.stop');
      const loops = await Promise.all(
        (['manufacturer', 'retailer'] as const).map(async (org) => {
          const file = join(network.rootDir, `client-loop-${org}.jsonl`);
          await writeFile(file, '');
          const proc: ManagedProcess = network.startProcess({
            name: `client loop ${org}`,
            command: process.execPath,
            args: [
              '--import',
              import.meta.resolve('tsx'),
              join(import.meta.dirname, 'client-loop.ts'),
              profiles.get(org) ?? '',
              network.org(org).material.adminMspDir,
              file,
              stopFile,
              `SHP-LOOP-${org}`,
            ],
            env: { HOME: network.rootDir },
          });
          return { org, file, proc };
        }),
      );
      const records = async () =>
        (
          await Promise.all(
            loops.map(async (l) =>
              (await readFile(l.file, 'utf8'))
                .split('\n')
                .filter(Boolean)
                .map((line) => ({ ...(JSON.parse(line) as LoopRecord), org: l.org })),
            ),
          )
        ).flat();
      const committedSince = async (since: number, count: number, what: string) =>
        waitFor({
          what: `${String(count)} of the clients' transactions ${what}`,
          timeoutMs: 180_000,
          intervalMs: 500,
          check: async () => (await records()).filter((r) => r.at > since).length >= count,
          failed: () => loops.find((l) => l.proc.hasExited())?.proc.logFile,
        });
      const started = Date.now();
      await committedSince(started, 3, 'on 1.0.0');

      // The upgrade's pull request, as its author writes it.
      const propose = await runCli(
        [
          'chaincode',
          'propose',
          CHANNEL,
          'provenance',
          '--version',
          '1.1.0',
          '--image',
          IMAGE_1_1_0,
          '--repo',
          network.repo.dir,
        ],
        { cwd: network.repo.dir },
      );
      expect(propose.code, `${propose.stdout}${propose.stderr}`).toBe(0);
      expect(await readFile(join(network.repo.dir, CHAINCODE_FILE), 'utf8')).toMatch(
        /\nprevious:\n {2}version: 1\.0\.0\n {2}image: \S+provenance-chaincode:1\.0\.0@sha256:/,
      );
      upgraded = await renderMembers(network);
      for (const org of MEMBERS) {
        // The committed version's server is rendered exactly as it runs: reconcile leaves it alone.
        const running = findObject(of(rendered, org), 'Deployment', 'provenance-traceability-1-0-0');
        expect(findObject(of(upgraded, org), 'Deployment', 'provenance-traceability-1-0-0')).toEqual(running);
        expect(findObject(of(upgraded, org), 'Service', 'provenance-traceability-1-0-0')).toEqual(
          findObject(of(rendered, org), 'Service', 'provenance-traceability-1-0-0'),
        );
        await startServer(of(upgraded, org), org, '1.1.0');
        const packageId = servers['1.1.0'].get(org)?.packageId ?? '';
        expect(packageId).toMatch(/^provenance_1\.1\.0:[0-9a-f]{64}$/);
        expect(containerEnv(running)['CHAINCODE_ID']).toBe(servers['1.0.0'].get(org)?.packageId);
      }

      const approving = Date.now();
      const approvals = await approveAll(upgraded, '1.1.0');
      for (const [i, org] of MEMBERS.entries()) {
        const result = approvals[i];
        expect(result?.code, result === undefined ? '' : output(result)).toBe(0);
        expect(result?.stdout).toContain(
          `sequence 2 of provenance is approved by ${MSP[org]} with ${servers['1.1.0'].get(org)?.packageId ?? ''}`,
        );
      }
      // Approved, not committed: the channel still runs 1.0.0.
      await committedSince(approving, 2, 'while sequence 2 is approved but not committed');

      const commit = await runRenderedJob(network, {
        job: job(upgraded, 'retailer', 'commit'),
        orgId: 'retailer',
        deadlineSeconds: 120,
      });
      expect(commit.code, output(commit)).toBe(0);
      expect(commit.stdout).toContain('committing sequence 2 of provenance on traceability');
      expect(commit.stdout).toContain('sequence 2 of provenance is committed on traceability');
      const committedAt = Date.now();
      const committed = await network.run(
        network.binaries.peer,
        ['lifecycle', 'chaincode', 'querycommitted', '-C', CHANNEL, '-n', 'provenance', '--output', 'json'],
        { env: network.adminEnv('manufacturer') },
      );
      expect(JSON.parse(committed.stdout)).toMatchObject({ sequence: 2, version: '1.1.0' });
      await committedSince(committedAt, 3, 'after the commit of sequence 2');

      // Nothing calls the 1.0.0 servers any more: they can stop, and transactions run on 1.1.0.
      for (const server of servers['1.0.0'].values()) await stopProcess(server.process);
      const stopped = Date.now();
      await committedSince(stopped, 3, 'with only the 1.1.0 servers running');

      await writeFile(stopFile, '');
      for (const l of loops) await Promise.race([l.proc.exited, new Promise((resolve) => setTimeout(resolve, 90_000))]);
      expect(loops.every((l) => l.proc.hasExited())).toBe(true);
      const all = await records();
      const failed = all.filter((r) => !r.ok);
      expect(failed, JSON.stringify(failed, null, 2)).toEqual([]);
      const phases = [
        ['before the approvals', started, approving],
        ['approved, not committed', approving, committedAt],
        ['after the commit', committedAt, stopped],
        ['on 1.1.0 alone', stopped, Infinity],
      ] as const;
      const resubmitted = all.filter((r) => r.resubmits.length > 0);
      console.log(
        `client loops: ${String(all.length)} transactions committed, none failed (${phases
          .map(([what, from, to]) => `${String(all.filter((r) => r.at > from && r.at <= to).length)} ${what}`)
          .join(', ')}); ${String(resubmitted.length)} submitted again: ${resubmitted
          .flatMap((r) => r.resubmits)
          .join('; ')}`,
      );
      for (const l of loops) {
        const last = all.filter((r) => r.org === l.org).length;
        for (const org of MEMBERS) {
          const shipment = await runClient(network, org, profiles.get(org) ?? '', [
            'shipment',
            `SHP-LOOP-${l.org}-${String(last)}`,
          ]);
          expect(shipment.code, output(shipment)).toBe(0);
        }
      }
    }, 900_000);

    it('with previous removed after the commit, render no longer emits the 1.0.0 server', async () => {
      const file = join(network.repo.dir, CHAINCODE_FILE);
      const text = await readFile(file, 'utf8');
      const without = text.replace(/\n(#[^\n]*\n)*previous:\n( {2}[^\n]*\n)+/, '\n');
      expect(without).not.toContain('previous:');
      await writeFile(file, without);
      const after = await renderMembers(network);
      for (const org of MEMBERS) {
        const names = of(after, org)
          .filter((o) => o.metadata.name.startsWith('provenance-traceability-1-'))
          .map((o) => `${o.kind}/${o.metadata.name}`)
          .sort();
        expect(names).toEqual([
          'ConfigMap/provenance-traceability-1-1-0-package',
          'Deployment/provenance-traceability-1-1-0',
          'Service/provenance-traceability-1-1-0',
        ]);
        expect(findObject(of(after, org), 'Deployment', 'provenance-traceability-1-1-0')).toEqual(
          findObject(of(upgraded, org), 'Deployment', 'provenance-traceability-1-1-0'),
        );
      }
    });
  },
);
