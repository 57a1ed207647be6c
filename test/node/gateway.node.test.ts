// TLS passthrough through the node's gateway (Traefik, Gateway API): one listener on 443, two
// backends chosen by SNI, and each backend sees the client's own certificate, so the gateway did
// not terminate TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply } from './apply.ts';
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
import { createTlsFixtures } from './tls-fixtures.ts';
import { waitFor } from '../cluster/wait.ts';

const availability = injectNode();
const gatewayReady = availability.available && requireNode().gatewayClassName !== undefined;

describe.skipIf(!gatewayReady)('TLS passthrough by SNI on the node gateway', () => {
  let env: NodeEnvironment;
  let ns: string;

  beforeAll(async () => {
    env = requireNode();
    ns = await createNamespace(env.cluster, 'node-gateway');
  });
  afterAll(async () => {
    if (ns !== undefined) await deleteNamespace(env.cluster, ns);
  });

  it('routes two host names on one 443 listener to two backends that see the client certificate', async () => {
    const [org1, org2] = env.gatewayHostNames as [string, string];
    const tls = await createTlsFixtures([org1, org2], 'client-of-org3');
    const secret = (name: string, cert: { certPem: string; keyPem: string }) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name, namespace: ns },
      stringData: { 'tls.crt': cert.certPem, 'tls.key': cert.keyPem, 'ca.crt': tls.caPem },
    });
    const tlsVolume = (name: string) => ({
      volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }],
      volumes: [{ name: 'tls', secret: { secretName: name } }],
    });
    const backends = [
      { name: 'org1', host: org1 },
      { name: 'org2', host: org2 },
    ];
    await apply(env.cluster, [
      secret('client-tls', tls.client),
      ...backends.flatMap((b) => [
        secret(`${b.name}-tls`, tls.servers[b.host] as { certPem: string; keyPem: string }),
        testPod({
          namespace: ns,
          name: `peer-${b.name}`,
          image: env.images.testbox,
          args: ['tls-serve', '7051', b.name, '/tls'],
          labels: { app: `peer-${b.name}` },
          restartPolicy: 'Always',
          ports: [7051],
          ...tlsVolume(`${b.name}-tls`),
        }),
        serviceFor(ns, `peer-${b.name}`, { app: `peer-${b.name}` }, 7051, 7051),
      ]),
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'Gateway',
        metadata: { name: 'members', namespace: ns },
        spec: {
          gatewayClassName: env.gatewayClassName ?? '',
          listeners: [
            {
              name: 'tls-passthrough',
              port: 443,
              protocol: 'TLS',
              tls: { mode: 'Passthrough' },
              allowedRoutes: { namespaces: { from: 'Same' }, kinds: [{ kind: 'TLSRoute' }] },
            },
          ],
        },
      },
      ...backends.map((b) => ({
        // The TLSRoute version Traefik's Gateway API release (v1.4) serves for passthrough.
        apiVersion: 'gateway.networking.k8s.io/v1alpha2',
        kind: 'TLSRoute',
        metadata: { name: b.name, namespace: ns },
        spec: {
          parentRefs: [{ name: 'members', sectionName: 'tls-passthrough' }],
          hostnames: [b.host],
          rules: [{ backendRefs: [{ name: `peer-${b.name}`, port: 7051 }] }],
        },
      })),
    ]);
    for (const b of backends) {
      await waitForPodReady(env.cluster, ns, `peer-${b.name}`);
      await waitForEndpoints(env.cluster, ns, `peer-${b.name}`);
    }

    let attempt = 0;
    const dial = async (host: string) => {
      attempt += 1;
      return runPod(env.cluster, {
        namespace: ns,
        name: `client-${attempt}`,
        image: env.images.testbox,
        args: ['tls-dial', `${host}:443`, host, '/tls'],
        ...tlsVolume('client-tls'),
      });
    };
    // Traefik picks the routes up from its watch; wait for the first one to answer.
    let first: { phase: string; log: string } | undefined;
    await waitFor({
      what: `the gateway to route ${org1}`,
      timeoutMs: 60_000,
      intervalMs: 1_000,
      check: async () => {
        first = await dial(org1);
        return first.phase === 'Succeeded';
      },
      logTail: () => first?.log ?? '',
    });
    expect(first?.log).toContain(`answer: backend=org1 sni=${org1} client=client-of-org3 server-cert=${org1}`);
    const second = await dial(org2);
    expect(second.phase).toBe('Succeeded');
    expect(second.log).toContain(`answer: backend=org2 sni=${org2} client=client-of-org3 server-cert=${org2}`);
  });
});
