// The sample client application (apps/provenance-client) as a member's application runs it: with
// the member's rendered external connection profile and an identity of the member (its admin,
// whose key the example's key directory holds), dialling the member's peer by its external host
// name through the gateway's TLS passthrough. The process is told the gateway's address for the
// peer's host name (--resolve), as a member's DNS would resolve it; on the test node it joins the
// node's network namespace, where the gateway's Service address is routed (e2e-cluster.ts
// clientRoute).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { runCli } from '../support/run-cli.ts';
import type { LoopRecord } from '../fabric-network/client-loop.ts';
import type { ClientRoute } from './e2e-cluster.ts';
import type { ExampleWithKeys } from './example-with-keys.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface MemberClient {
  readonly org: string;
  /** connection-profile-external.yaml of the member's rendered ConfigMap fabric-connection-profile. */
  readonly profile: string;
  /** An MSP folder (signcerts/, keystore/) with the member's admin identity. */
  readonly mspDir: string;
  /** The external host name of the peer the profile dials. */
  readonly peerHost: string;
}

/** Renders the member, takes its external profile and writes its admin's MSP folder under `dir`. */
export async function memberClient(example: ExampleWithKeys, org: string, dir: string): Promise<MemberClient> {
  const out = join(dir, `${org}-render`);
  const render = await runCli(['render', '--org', org, '--repo', example.repo.dir, '--out', out]);
  if (render.code !== 0) throw new Error(`render --org ${org} failed:\n${render.stderr}`);
  const configMap = load(await readFile(join(out, org, 'configmap-fabric-connection-profile.yaml'), 'utf8')) as {
    data: Record<string, string>;
  };
  const external = configMap.data['connection-profile-external.yaml'];
  if (external === undefined) throw new Error(`${org}: the connection profile has no external variant`);
  const profile = join(dir, `${org}-connection-profile-external.yaml`);
  await writeFile(profile, external);
  const peers = (load(external) as { peers?: Record<string, unknown> }).peers ?? {};
  const peerHost = Object.keys(peers)[0];
  if (peerHost === undefined) throw new Error(`${org}: the external connection profile lists no peer`);

  const mspDir = join(dir, `${org}-admin-msp`);
  await mkdir(join(mspDir, 'signcerts'), { recursive: true });
  await mkdir(join(mspDir, 'keystore'), { recursive: true });
  await writeFile(join(mspDir, 'signcerts', 'cert.pem'), await example.repo.read(`orgs/${org}/msp/admin.pem`));
  await writeFile(join(mspDir, 'keystore', 'key.pem'), await readFile(join(example.keyDir, org, 'admin-key.pem')), {
    mode: 0o600,
  });
  return { org, profile, mspDir, peerHost };
}

export interface ClientRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The route on the test node: the client joins the node's network namespace (`namespacePid`'s). */
export function nodeNetworkRoute(namespacePid: number, gatewayAddress: string): ClientRoute {
  return { prefix: ['nsenter', '-t', String(namespacePid), '-n', '--'], gatewayAddress };
}

/** Starts a TypeScript program of this repository with Node, by way of the route's prefix. */
function spawnOnRoute(route: ClientRoute, script: string, args: readonly string[], stdio: StdioOptions): ChildProcess {
  const [command = process.execPath, ...rest] = [...route.prefix, process.execPath, '--import', 'tsx', script, ...args];
  return spawn(command, rest, { cwd: root, stdio });
}

/** Runs one client command; a call that outlives `timeoutMs` is killed and reported as such. */
export function runMemberClient(
  route: ClientRoute,
  client: MemberClient,
  args: readonly string[],
  timeoutMs = 120_000,
): Promise<ClientRun> {
  const script = join(root, 'apps', 'provenance-client', 'main.ts');
  const resolveArgs = ['--resolve', `${client.peerHost}=${route.gatewayAddress}`];
  return new Promise((resolve) => {
    const child = spawnOnRoute(
      route,
      script,
      ['--profile', client.profile, '--msp', client.mspDir, ...resolveArgs, ...args],
      ['ignore', 'pipe', 'pipe'],
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface ClientLoop {
  /** The transactions so far, one record each (test/fabric-network/client-loop.ts). */
  records(): Promise<LoopRecord[]>;
  /** Lets the current transaction finish, stops the loop and returns every record. */
  stop(): Promise<LoopRecord[]>;
}

/**
 * The member's client recording hand-overs one after the other over one Gateway connection (each a
 * new shipment `<prefix>-<n>`) until stopped: the client that must see no failed transaction while
 * the chaincode is upgraded.
 */
export function startClientLoop(
  route: ClientRoute,
  client: MemberClient,
  options: { readonly dir: string; readonly prefix: string },
): ClientLoop {
  const out = join(options.dir, `client-loop-${options.prefix}.jsonl`);
  const stopFile = join(options.dir, `client-loop-${options.prefix}.stop`);
  const child = spawnOnRoute(
    route,
    join(root, 'test', 'fabric-network', 'client-loop.ts'),
    [client.profile, client.mspDir, out, stopFile, options.prefix, `${client.peerHost}=${route.gatewayAddress}`],
    ['ignore', 'ignore', 'pipe'],
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', done));
  const records = async (): Promise<LoopRecord[]> => {
    const text = await readFile(out, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LoopRecord);
  };
  return {
    records,
    async stop() {
      await writeFile(stopFile, '');
      const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      const code = await exited;
      clearTimeout(timer);
      if (code !== 0) throw new Error(`the client loop exited ${code}:\n${stderr}`);
      return records();
    },
  };
}
