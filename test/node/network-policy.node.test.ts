// NetworkPolicy on the test node (kube-router, firewall only): a policy denies what it does not
// allow, allows what it names, and deleting it opens the way again.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../cluster/wait.ts';
import { apply, deleteObject } from './apply.ts';
import { injectNode, requireNode, type NodeEnvironment } from './nodes.ts';
import {
  createNamespace,
  deleteNamespace,
  podLog,
  serviceFor,
  testPod,
  waitForEndpoints,
  waitForPodEnd,
  waitForPodReady,
} from './pods.ts';

const availability = injectNode();
const enforced = availability.available && requireNode().networkPolicy;

interface Dial {
  readonly phase: string;
  readonly log: string;
}

describe.skipIf(!enforced)('NetworkPolicy on the test node', () => {
  let env: NodeEnvironment;
  let ns: string;
  const token = randomBytes(4).toString('hex');
  const policyPath = () => `/apis/networking.k8s.io/v1/namespaces/${ns}/networkpolicies/ca-from-enroller-only`;

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

  // A fresh client pod per dial. kube-router learns a pod's address from the API server, which
  // hears it from the kubelet once the sandbox is up; a client dialling in its first instant
  // would race that (as Fabric's Jobs do, and retry). An init container waits a few seconds, so
  // the verdict each client gets is the one kube-router programmed for it.
  let attempt = 0;
  const dialFrom = async (role: string): Promise<Dial> => {
    attempt += 1;
    const name = `client-${role}-${attempt}`;
    const pod = testPod({
      namespace: ns,
      name,
      image: env.images.testbox,
      args: ['dial', `ca.${ns}.svc.cluster.local:7054`],
      labels: { role },
    });
    const wait = { name: 'wait', image: env.images.busybox, imagePullPolicy: 'Never', args: ['-c', 'sleep 3'] };
    await apply(env.cluster, [{ ...pod, spec: { ...(pod['spec'] as object), initContainers: [wait] } }]);
    const phase = await waitForPodEnd(env.cluster, ns, name);
    const log = await podLog(env.cluster, ns, name);
    await deleteObject(env.cluster, `/api/v1/namespaces/${ns}/pods/${name}`);
    return { phase, log };
  };
  // kube-proxy programs the Service, and kube-router a policy or a new pod's address, some time
  // after the API server has them: wait for the expected verdict, one fresh pod per try.
  const until = async (role: string, phase: 'Succeeded' | 'Failed', what: string): Promise<Dial> => {
    let last: Dial = { phase: '', log: '' };
    await waitFor({
      what,
      timeoutMs: 90_000,
      intervalMs: 500,
      check: async () => {
        last = await dialFrom(role);
        return last.phase === phase;
      },
      logTail: () => `last client (${last.phase}): ${last.log}`,
    });
    return last;
  };
  // The connection itself fails (dropped or rejected), not the name lookup: CoreDNS stays reachable.
  const refusedOrDropped = /error: dial tcp 10\.0\.0\.\d+:7054: .*(timeout|refused|unreachable|no route to host)/;

  // On a crowded machine a verdict took up to 45 s to settle (kube-proxy, kube-router and pod
  // start-up under load); each wait allows 90 s, and a case with two waits four minutes.
  const caseTimeoutMs = 240_000;

  it(
    'lets any pod connect while no policy selects the server',
    async () => {
      const open = await until('other', 'Succeeded', 'the Service to answer before any policy');
      expect(open.log).toContain(`answer: ca-${token}`);
    },
    caseTimeoutMs,
  );

  it(
    'denies a client the policy does not name and allows the one it names',
    async () => {
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
      const denied = await until('other', 'Failed', 'the policy to deny the unlisted client');
      expect(denied.log).toMatch(refusedOrDropped);

      const allowed = await until('enroller', 'Succeeded', 'the listed client to be allowed');
      expect(allowed.log).toContain(`answer: ca-${token}`);

      // Now that kube-router has programmed a pod newer than the policy, an unlisted pod is still
      // refused: the denial is the policy's, not a pod address kube-router had not seen yet.
      const deniedAgain = await dialFrom('other');
      expect(deniedAgain.phase).toBe('Failed');
      expect(deniedAgain.log).toMatch(refusedOrDropped);
    },
    caseTimeoutMs,
  );

  it(
    'opens again when the policy is deleted',
    async () => {
      await deleteObject(env.cluster, policyPath());
      const open = await until('other', 'Succeeded', 'the unlisted client to connect once the policy is gone');
      expect(open.log).toContain(`answer: ca-${token}`);
    },
    caseTimeoutMs,
  );
});
