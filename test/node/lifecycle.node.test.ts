// A node whose runner dies without teardown (SIGKILL) is still removed completely: the reaper
// kills its daemons, shims and containers, the kernel drops its namespaces with their mounts,
// veths, iptables rules and ipsets (kube-proxy's and kube-router's), and the cgroups and files go.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../cluster/wait.ts';
import { apply, deleteObject } from './apply.ts';
import { leftovers } from './leftovers.ts';
import type { NodeFootprint } from './node.ts';
import { injectNode, requireNode } from './nodes.ts';
import { createNamespace, deleteNamespace, podStatus, testPod, waitForPodReady } from './pods.ts';

const availability = injectNode();
const here = dirname(fileURLToPath(import.meta.url));

describe.skipIf(!availability.available)('test node teardown after a crash', () => {
  const nodeName = `node-crash-${process.pid}`;
  let ns: string | undefined;
  let fixture: ChildProcess | undefined;

  afterAll(async () => {
    const env = requireNode();
    // A test that failed before killing the fixture itself: kill it now, so that its reaper
    // removes the node it started, as the test would have.
    if (fixture !== undefined && fixture.exitCode === null && fixture.signalCode === null) {
      const exited = new Promise((resolve) => fixture?.once('exit', resolve));
      fixture.kill('SIGKILL');
      await exited;
    }
    if (ns !== undefined) await deleteNamespace(env.cluster, ns);
    await deleteObject(env.cluster, `/api/v1/nodes/${nodeName}`);
  });

  it('leaves nothing behind when the process that started the node is killed', async () => {
    const env = requireNode();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'crash-fixture.ts'), JSON.stringify(env.cluster), nodeName],
      {
        cwd: join(here, '..', '..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    fixture = child;
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await waitFor({
      what: 'the crash fixture to start its node',
      timeoutMs: 180_000,
      check: () => Promise.resolve(out.includes('"footprint"')),
      failed: () => (child.exitCode !== null ? `it exited: ${err}` : undefined),
    });
    const { footprint, pids } = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
      footprint: NodeFootprint;
      pids: number[];
    };
    expect(leftovers(footprint).length).toBeGreaterThan(0);

    // A running container (shim, mounts, veth) on the node, so there is something to clean up.
    ns = await createNamespace(env.cluster, 'node-crash');
    const pod = testPod({
      namespace: ns,
      name: 'sleeper',
      image: env.images.testbox,
      args: ['sleep'],
      restartPolicy: 'Always',
    });
    const spec = pod['spec'] as Record<string, unknown>;
    await apply(env.cluster, [
      {
        ...pod,
        spec: { ...spec, nodeName, tolerations: [{ key: 'consortium.test/lifecycle', operator: 'Exists' }] },
      },
    ]);
    await waitForPodReady(env.cluster, ns, 'sleeper');
    expect((await podStatus(env.cluster, ns, 'sleeper'))?.phase).toBe('Running');
    // A policy selecting the pod, so the node's kube-router (when built) has chains and ipsets to
    // program in the node's namespace, which must go with it.
    await apply(env.cluster, [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'sleeper-from-nobody', namespace: ns },
        spec: {
          podSelector: {},
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: { matchLabels: { none: 'x' } } }] }],
        },
      },
    ]);
    const holder = String(pids[0]);
    const inNode = (command: string, ...args: string[]) =>
      execFileSync('nsenter', ['-t', holder, '-n', '--', command, ...args], { encoding: 'utf8' });
    // kube-proxy writes its chains on its first sync, which may come after the pod is running.
    await waitFor({
      what: "kube-proxy's rules (and kube-router's rules and ipsets) in the node's namespace",
      timeoutMs: 60_000,
      intervalMs: 1_000,
      check: () => {
        const rules = inNode('iptables-save');
        const proxy = rules.includes('KUBE-SERVICES');
        const router =
          !env.networkPolicy || (rules.includes('KUBE-NWPLCY-') && /KUBE-/.test(inNode('ipset', 'list', '-n')));
        return Promise.resolve(proxy && router);
      },
    });
    expect(inNode('iptables-save')).toContain('KUBE-SERVICES');

    child.kill('SIGKILL');
    let left: string[] = [];
    await waitFor({
      what: 'the reaper to remove the node',
      timeoutMs: 30_000,
      intervalMs: 500,
      check: () => {
        left = leftovers(footprint);
        return Promise.resolve(left.length === 0);
      },
      logTail: () => left.join('\n'),
    });
    expect(left).toEqual([]);
  });
});
