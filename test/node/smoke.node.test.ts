// Smoke tests of the test node: each asserts behaviour that only a running node shows.
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

describe.skipIf(!availability.available)('the test node', () => {
  let env: NodeEnvironment;
  let ns: string;
  const token = randomBytes(4).toString('hex');

  beforeAll(async () => {
    env = requireNode();
    ns = await createNamespace(env.cluster, 'node-smoke');
  });
  afterAll(async () => {
    if (ns !== undefined) await deleteNamespace(env.cluster, ns);
  });

  it('runs a pod and serves its log', async () => {
    const result = await runPod(env.cluster, {
      namespace: ns,
      name: 'hello',
      image: env.images.testbox,
      args: ['say', `hello from the node ${token}`],
    });
    expect(result.phase).toBe('Succeeded');
    expect(result.log).toContain(`hello from the node ${token}`);
  });

  it('resolves a Service name through CoreDNS and connects through kube-proxy', async () => {
    await apply(env.cluster, [
      testPod({
        namespace: ns,
        name: 'echo',
        image: env.images.testbox,
        args: ['serve', '8080', `pong-${token}`],
        labels: { app: 'echo' },
        restartPolicy: 'Always',
        ports: [8080],
      }),
      serviceFor(ns, 'echo', { app: 'echo' }, 80, 8080),
    ]);
    await waitForPodReady(env.cluster, ns, 'echo');
    await waitForEndpoints(env.cluster, ns, 'echo');
    // kube-proxy programs the Service asynchronously after its endpoints appear.
    let attempt = 0;
    let full = { phase: '', log: '' };
    await waitFor({
      what: 'the Service to answer through kube-proxy',
      timeoutMs: 60_000,
      intervalMs: 1_000,
      check: async () => {
        attempt += 1;
        full = await runPod(env.cluster, {
          namespace: ns,
          name: `dial-full-name-${attempt}`,
          image: env.images.testbox,
          args: ['dial', `echo.${ns}.svc.cluster.local:80`],
        });
        return full.phase === 'Succeeded';
      },
      logTail: () => full.log,
    });
    expect(full.log).toContain(`answer: pong-${token}`);
    const short = await runPod(env.cluster, {
      namespace: ns,
      name: 'dial-short-name',
      image: env.images.testbox,
      args: ['dial', 'echo:80'],
    });
    expect(short.log).toContain(`answer: pong-${token}`);
    // A member's external name and any name of a gateway zone resolve to the gateway's address.
    const external = await runPod(env.cluster, {
      namespace: ns,
      name: 'resolve-external',
      image: env.images.testbox,
      args: ['resolve', env.gatewayHostNames[0] ?? 'missing'],
    });
    expect(external.log).toContain(`addresses: ${env.network.gatewayServiceIp}`);
    const zone = await runPod(env.cluster, {
      namespace: ns,
      name: 'resolve-zone',
      image: env.images.testbox,
      args: ['resolve', `orderer0.${env.gatewayZones[0] ?? 'missing'}`],
    });
    expect(zone.log).toContain(`addresses: ${env.network.gatewayServiceIp}`);
  });

  it('applies the RuntimeDefault seccomp profile: add_key(2) is denied, and allowed when unconfined', async () => {
    const confined = await runPod(env.cluster, {
      namespace: ns,
      name: 'seccomp-default',
      image: env.images.testbox,
      args: ['seccomp'],
      securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
    });
    expect(confined.log).toContain('seccomp-mode: 2');
    expect(confined.log).toContain('add_key: operation not permitted');
    const unconfined = await runPod(env.cluster, {
      namespace: ns,
      name: 'seccomp-unconfined',
      image: env.images.testbox,
      args: ['seccomp'],
      securityContext: { seccompProfile: { type: 'Unconfined' } },
    });
    expect(unconfined.log).toContain('seccomp-mode: 0');
    expect(unconfined.log).toContain('add_key: allowed');
  });

  it('keeps data written to a PVC of an example storage class across pods', async () => {
    const storageClass = env.storageClasses.find((c) => c !== 'standard') ?? 'standard';
    await apply(env.cluster, [
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'data', namespace: ns },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: storageClass,
          resources: { requests: { storage: '16Mi' } },
        },
      },
    ]);
    const volume = {
      volumeMounts: [{ name: 'data', mountPath: '/data' }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }],
    };
    const writer = await runPod(env.cluster, {
      namespace: ns,
      name: 'pvc-writer',
      image: env.images.testbox,
      args: ['write', '/data/ledger', `block-${token}`],
      ...volume,
    });
    expect(writer.phase).toBe('Succeeded');
    await deleteObject(env.cluster, `/api/v1/namespaces/${ns}/pods/pvc-writer`);
    const reader = await runPod(env.cluster, {
      namespace: ns,
      name: 'pvc-reader',
      image: env.images.testbox,
      args: ['read', '/data/ledger'],
      ...volume,
    });
    expect(reader.phase).toBe('Succeeded');
    expect(reader.log).toContain(`block-${token}`);
  });
});
