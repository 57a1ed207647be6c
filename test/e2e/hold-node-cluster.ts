// The test node as a cluster someone else started, for the end-to-end test's user-cluster mode
// (docs/testing.md, "On a cluster of your own"): starts the node with its control plane as the e2e
// project's global setup does, and hands it over the way a managed cluster is handed to its users:
//   - a kubeconfig whose user is an exec credential plugin (a script printing a ServiceAccount
//     token bound to cluster-admin, as `aws eks get-token` prints one), not the harness's
//     client certificate;
//   - the gateway reachable from this machine at the address in the Gateway's status (Traefik
//     publishes its Service's ClusterIP there): a host route to that address through the node's
//     own veth, which goes with the veth when the node stops (a LoadBalancer's address routed to
//     the user's machine, in a cloud or with cloud-provider-kind, is the same thing).
// Prints the variables to export, then holds the node until SIGINT or SIGTERM, stops it and checks
// that nothing is left behind.
//
//   node --import tsx test/e2e/hold-node-cluster.ts [DIR]
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startControlPlane } from '../cluster/harness.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { locateNodeBinaries } from '../node/binaries.ts';
import { leftovers } from '../node/leftovers.ts';
import { startNode } from '../node/node.ts';
import { exampleFootprint } from './e2e-footprint.ts';

// Registered before the control plane's own exit hooks, so that Ctrl-C stops the node in order.
let interrupt: () => void = () => undefined;
const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => interrupt());

const lookup = locateNodeBinaries();
if (!lookup.found) throw new Error(lookup.reason);
const dir = process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'consortium-user-cluster-')));
await mkdir(dir, { recursive: true });
const { zones } = await exampleFootprint();

const plane = await startControlPlane({
  binaries: lookup.binaries.controlPlane,
  clusterNames: ['node'],
  runsPods: true,
});
const cluster = plane.environment.clusters[0];
if (cluster === undefined) throw new Error('the control plane started without its cluster');
const node = await startNode({ binaries: lookup.binaries, cluster, gatewayZones: zones }).catch(async (e: unknown) => {
  await plane.stop();
  throw e;
});

async function stop(): Promise<never> {
  const problems = [...(await node.stop()).problems];
  await plane.stop();
  problems.push(...leftovers(node.footprint));
  await rm(dir, { recursive: true, force: true });
  console.log(problems.length === 0 ? 'stopped; nothing left behind' : `left behind:\n  ${problems.join('\n  ')}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

try {
  // A ServiceAccount with cluster-admin, and a token for it that the exec plugin hands to kubectl.
  const admin = async (method: string, path: string, body: unknown) => {
    const response = await requestKube(cluster, { method, path, body: JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.body}`);
    return JSON.parse(response.body) as Record<string, unknown>;
  };
  await admin('POST', '/api/v1/namespaces/kube-system/serviceaccounts', { metadata: { name: 'e2e-user' } });
  await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    metadata: { name: 'e2e-user' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: 'e2e-user', namespace: 'kube-system' }],
  });
  const issued = await admin('POST', '/api/v1/namespaces/kube-system/serviceaccounts/e2e-user/token', {
    spec: { expirationSeconds: 86_400 },
  });
  const token = (issued['status'] as { token: string }).token;
  await writeFile(join(dir, 'token'), token, { mode: 0o600 });
  const plugin = join(dir, 'get-token');
  await writeFile(
    plugin,
    [
      '#!/bin/sh',
      '# An exec credential plugin, as a cloud CLI is one: prints an ExecCredential with a token.',
      `printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat '${join(dir, 'token')}')"`,
      '',
    ].join('\n'),
  );
  await chmod(plugin, 0o755);
  const kubeconfig = join(dir, 'kubeconfig');
  await writeFile(
    kubeconfig,
    stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'held-node',
          cluster: {
            server: cluster.server,
            'certificate-authority-data': readFileSync(cluster.caFile).toString('base64'),
          },
        },
      ],
      users: [
        {
          name: 'sso',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              command: plugin,
              interactiveMode: 'Never',
            },
          },
        },
      ],
      contexts: [{ name: 'held-node', context: { cluster: 'held-node', user: 'sso' } }],
      'current-context': 'held-node',
    }),
    { mode: 0o600 },
  );

  // The gateway's address, routed from this machine into the node's network namespace.
  const { gatewayServiceIp, nodeIp } = node.network;
  execFileSync('ip', ['route', 'replace', `${gatewayServiceIp}/32`, 'via', nodeIp, 'dev', node.footprint.hostIf]);

  console.log(
    JSON.stringify({
      CONSORTIUM_E2E_KUBECONFIG: kubeconfig,
      gateway: `${gatewayServiceIp} via ${nodeIp} dev ${node.footprint.hostIf}`,
      pid: process.pid,
    }),
  );
  console.log(`export CONSORTIUM_E2E_KUBECONFIG=${kubeconfig}`);
  // The node's processes do not hold the event loop; this timer does, until Ctrl-C.
  const alive = setInterval(() => undefined, 60_000);
  await interrupted;
  clearInterval(alive);
} catch (error) {
  console.error(error);
}
await stop();
