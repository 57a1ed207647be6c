// The provenance chaincode (chaincode/provenance) and its client (apps/provenance-client) on the
// native network: the chaincode server built by chaincode/provenance/build.sh runs as each member's
// rendered Deployment would, under the rendered CHAINCODE_ID, listening at the address the member's
// install package names (its Service host, given a loopback address here); the client runs inside
// the network's namespace with the member's rendered connection profile.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import type { KubeObject } from '../../tools/src/render/types.ts';
import type { ManagedProcess } from '../cluster/processes.ts';
import { waitFor } from '../cluster/wait.ts';
import { objectsOf } from '../render/support/render-fixtures.ts';
import { recordSkip } from '../support/requirements.ts';
import { fabricNetworkAvailability, type NetworkAvailability } from './availability.ts';
import type { FabricNetwork } from './network.ts';
import { loadModel } from './network-repo.ts';
import type { RunResult } from './sandbox.ts';

const root = join(import.meta.dirname, '..', '..');

export type ChaincodeLookup =
  { readonly found: true; readonly binary: string } | { readonly found: false; readonly reason: string };

/**
 * What a suite running the provenance chaincode on the native network needs: the network's
 * binaries, the CCaaS builder and the chaincode server binary. `missing` says what is not there
 * (and is recorded as the reason the suite does not run).
 */
export function provenanceSuiteAvailability(suite: string): {
  readonly availability: NetworkAvailability;
  readonly chaincode: ChaincodeLookup | undefined;
  readonly missing: string | undefined;
} {
  const availability = fabricNetworkAvailability(suite);
  const chaincode = availability.available ? locateProvenanceBinary() : undefined;
  const missing =
    availability.available && availability.binaries.ccaasBuilderDir === undefined
      ? 'the CCaaS builder is not built; run test/fabric/ccaas-builder/build.sh (needs Go)'
      : chaincode?.found === false
        ? chaincode.reason
        : undefined;
  if (missing !== undefined) recordSkip(suite, missing);
  return { availability, chaincode, missing };
}

/** The chaincode server binary, built (or found cached) by chaincode/provenance/build.sh. */
export function locateProvenanceBinary(): ChaincodeLookup {
  const result = spawnSync('bash', [join(root, 'chaincode', 'provenance', 'build.sh')], { encoding: 'utf8' });
  if (result.status !== 0)
    return {
      found: false,
      reason: `chaincode/provenance/build.sh failed: ${result.stderr.trim().split('\n').pop() ?? ''}`,
    };
  return { found: true, binary: result.stdout.trim() };
}

/** Each member's rendered objects, from the network's repository as it is now. */
export async function renderMembers(network: FabricNetwork): Promise<Map<string, KubeObject[]>> {
  const members = renderConsortium(await loadModel(network.repo.dir));
  return new Map(members.map((m) => [m.org, objectsOf(m).map((o) => o.object as KubeObject)]));
}

export function findObject(objects: readonly KubeObject[], kind: string, name: string | RegExp): KubeObject {
  const found = objects.find(
    (o) => o.kind === kind && (typeof name === 'string' ? o.metadata.name === name : name.test(o.metadata.name)),
  );
  if (found === undefined) throw new Error(`no ${kind} ${String(name)} rendered`);
  return found;
}

interface Container {
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
}

export function containerEnv(object: KubeObject): Record<string, string> {
  const spec = object['spec'] as unknown as { template: { spec: { containers: Container[] } } };
  return Object.fromEntries((spec.template.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value ?? '']));
}

export interface RunningChaincode {
  readonly orgId: string;
  readonly packageId: string;
  /** The install package, written where the approve Job's PACKAGE_FILE points. */
  readonly packageFile: string;
  readonly process: ManagedProcess;
}

/**
 * Starts one member's chaincode server as its rendered Deployment `deployment` runs it, and writes
 * its install package (ConfigMap `packageMap`). The server listens on the host and port of the
 * package's connection.json, the Service the member's peers dial.
 */
export async function startChaincodeServer(
  network: FabricNetwork,
  options: {
    readonly orgId: string;
    readonly binary: string;
    readonly deployment: KubeObject;
    readonly packageMap: KubeObject;
  },
): Promise<RunningChaincode> {
  const env = containerEnv(options.deployment);
  const packageId = env['CHAINCODE_ID'] ?? '';
  const data = options.packageMap['data'] as Record<string, string>;
  const binaryData = options.packageMap['binaryData'] as Record<string, string>;
  const connection = JSON.parse(data['connection.json'] ?? '{}') as { address: string };
  const [host = '', port = ''] = connection.address.split(':');
  const rendered = env['CHAINCODE_SERVER_ADDRESS'] ?? '';
  if (!rendered.endsWith(`:${port}`))
    throw new Error(`the Deployment listens on ${rendered}, the package dials ${connection.address}`);
  const address = await network.addHost(host);
  const packageFile = join(network.rootDir, `${options.orgId}-${packageId.replace(/[^A-Za-z0-9_.-]/g, '-')}.tgz`);
  await writeFile(packageFile, Buffer.from(binaryData['package.tar.gz'] ?? '', 'base64'));
  const proc = network.startProcess({
    name: `chaincode ${options.orgId} ${packageId.split(':')[0] ?? ''}`,
    command: options.binary,
    args: [],
    // The rendered 0.0.0.0 becomes the Service's own address: every server here shares one namespace.
    env: { CHAINCODE_ID: packageId, CHAINCODE_SERVER_ADDRESS: `${address}:${port}` },
  });
  await waitFor({
    what: `chaincode server of ${options.orgId} on ${address}:${port}`,
    timeoutMs: 30_000,
    intervalMs: 200,
    check: async () =>
      (await network.run('bash', ['-c', `exec 3<>/dev/tcp/${address}/${port}`], { timeoutMs: 5_000 })).code === 0,
    failed: () => (proc.hasExited() ? 'the process exited' : undefined),
  });
  return { orgId: options.orgId, packageId, packageFile, process: proc };
}

/** Writes the member's rendered external connection profile to a file; returns its path. */
export async function writeConnectionProfile(
  network: FabricNetwork,
  orgId: string,
  objects: readonly KubeObject[],
): Promise<string> {
  const configMap = findObject(objects, 'ConfigMap', 'fabric-connection-profile');
  const profile = (configMap['data'] as Record<string, string>)['connection-profile-external.yaml'] ?? '';
  load(profile);
  const file = join(network.rootDir, `${orgId}-connection-profile.yaml`);
  await writeFile(file, profile);
  return file;
}

/** Runs the provenance client CLI inside the network as the org's admin, through its profile. */
export function runClient(
  network: FabricNetwork,
  orgId: string,
  profile: string,
  args: readonly string[],
): Promise<RunResult> {
  return network.run(
    process.execPath,
    [
      // By URL: commands entering the namespace start in its holder's directory, not here.
      '--import',
      import.meta.resolve('tsx'),
      join(root, 'apps', 'provenance-client', 'main.ts'),
      '--profile',
      profile,
      '--msp',
      network.org(orgId).material.adminMspDir,
      ...args,
    ],
    { cwd: root, env: { HOME: network.rootDir }, timeoutMs: 120_000 },
  );
}
