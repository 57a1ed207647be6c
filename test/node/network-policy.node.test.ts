// NetworkPolicy on the test node (kube-router, firewall only): a policy denies what it does not
// allow, and allows what it names.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../cluster/wait.ts';
import { apply, deleteObject } from './apply.ts';
import { injectNode, requireNode, type NodeEnvironment } from './nodes.ts';
import {
  createNamespace,
  deleteNamespace,
  runPod,
  serviceFor,
  testPod,
  waitForEndpoints,
  waitForPodReady,
} from './pods.ts';

const availability = injectNode();
const enforced = availability.available && requireNode().networkPolicy;

describe.skipIf(!enforced)('NetworkPolicy on the test node', () => {
  let env: NodeEnvironment;
  let ns: string;
  const token = randomBytes(4).toString('hex');

  beforeAll(async () => {
    env = requireNode();
    ns = await createNamespace(env.cluster, 'node-netpol');
    await apply(env.cluster, [
      testPod({
        namespace: ns,
        name: 'ca',
        image: env.images.testbox,
        args: ['serve', '7054', `ca-${token}`],
        labels: { app: 'ca' },
        restartPolicy: 'Always',
        ports: [7054],
      }),
      serviceFor(ns, 'ca', { app: 'ca' }, 7054, 7054),
    ]);
    await waitForPodReady(env.cluster, ns, 'ca');
    await waitForEndpoints(env.cluster, ns, 'ca');
  });
  afterAll(async () => {
    if (ns !== undefined) await deleteNamespace(env.cluster, ns);
  });

  let attempt = 0;
  const dialFrom = async (role: string) => {
    attempt += 1;
    const name = `client-${role}-${attempt}`;
    const result = await runPod(env.cluster, {
      namespace: ns,
      name,
      image: env.images.testbox,
      args: ['dial', `ca.${ns}.svc.cluster.local:7054`],
      labels: { role },
    });
    await deleteObject(env.cluster, `/api/v1/namespaces/${ns}/pods/${name}`);
    return result;
  };

  it('connects before any policy, then only the allowed client connects', async () => {
    const open = await dialFrom('other');
    expect(open.phase).toBe('Succeeded');
    expect(open.log).toContain(`answer: ca-${token}`);

    await apply(env.cluster, [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'ca-from-enroller-only', namespace: ns },
        spec: {
          podSelector: { matchLabels: { app: 'ca' } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ podSelector: { matchLabels: { role: 'enroller' } } }], ports: [{ port: 7054 }] }],
        },
      },
    ]);
    // kube-router programs the policy asynchronously; wait until it bites.
    let denied: { phase: string; log: string } | undefined;
    await waitFor({
      what: 'the policy to deny the other client',
      timeoutMs: 60_000,
      intervalMs: 1_000,
      check: async () => {
        denied = await dialFrom('other');
        return denied.phase === 'Failed';
      },
      logTail: () => denied?.log ?? '',
    });
    expect(denied?.log).toMatch(/error: .*(timeout|refused|unreachable)/);

    const allowed = await dialFrom('enroller');
    expect(allowed.phase).toBe('Succeeded');
    expect(allowed.log).toContain(`answer: ca-${token}`);

    // And still denied afterwards: not a flake of timing.
    const deniedAgain = await dialFrom('other');
    expect(deniedAgain.phase).toBe('Failed');
  });
});
