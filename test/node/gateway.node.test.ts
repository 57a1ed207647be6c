// TLS passthrough through the node's gateway (Traefik, Gateway API): one listener on 443, backends
// chosen by SNI, and each backend sees the client's own certificate while the client sees the
// backend's, so the gateway did not terminate TLS. Routes are TLSRoute v1, as render emits them;
// Traefik v3.6 reads them as v1alpha2, which the Gateway API v1.6.1 experimental CRD also serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { GATEWAY_API_VERSION } from '../../tools/src/render/gateway.ts';
import { SOURCE_RANGES_ANNOTATION } from '../../tools/src/render/source-ranges.ts';
import { loadExampleModel, objectsOf } from '../render/support/render-fixtures.ts';
import { waitFor } from '../cluster/wait.ts';
import { traefikNamespace } from './addons.ts';
import { apply, deleteObject, getObject, objectPath, type KubeObject } from './apply.ts';
import { injectNode, requireNode, type NodeEnvironment } from './nodes.ts';
import {
  createNamespace,
  deleteNamespace,
  podLog,
  runPod,
  serviceFor,
  testPod,
  waitForEndpoints,
  waitForPodEnd,
  waitForPodReady,
} from './pods.ts';
import { createTlsFixtures, type IssuedCert, type TlsFixtures } from './tls-fixtures.ts';

const availability = injectNode();
const gatewayReady = availability.available && requireNode().gatewayClassName !== undefined;

/** Traefik's controllerName in route status (pkg/provider/kubernetes/gateway of Traefik). */
const TRAEFIK_CONTROLLER = 'traefik.io/gateway-controller';

interface Backend {
  /** Pod and label name. */
  readonly name: string;
  /** The Service a route sends to, and its port. */
  readonly service: string;
  readonly port: number;
  /** The host name (SNI) the backend's certificate names. */
  readonly host: string;
}

interface RouteStatus {
  readonly apiVersion?: string;
  readonly status?: {
    readonly parents?: readonly {
      readonly controllerName?: string;
      readonly conditions?: readonly { type: string; status: string }[];
    }[];
  };
}

interface GatewayStatus {
  readonly addresses?: readonly { value: string }[];
  readonly conditions?: readonly { type: string; status: string }[];
  readonly listeners?: readonly { name: string; attachedRoutes: number }[];
}

describe.skipIf(!gatewayReady)('TLS passthrough by SNI on the node gateway', () => {
  let env: NodeEnvironment;
  const namespaces: string[] = [];

  beforeAll(() => {
    env = requireNode();
  });
  afterAll(async () => {
    for (const ns of namespaces) await deleteNamespace(env.cluster, ns);
  });

  const newNamespace = async (prefix: string) => {
    const ns = await createNamespace(env.cluster, prefix);
    namespaces.push(ns);
    return ns;
  };

  const secret = (ns: string, name: string, cert: IssuedCert, caPem: string): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    stringData: { 'tls.crt': cert.certPem, 'tls.key': cert.keyPem, 'ca.crt': caPem },
  });
  const tlsVolume = (secretName: string) => ({
    volumeMounts: [{ name: 'tls', mountPath: '/tls', readOnly: true }],
    volumes: [{ name: 'tls', secret: { secretName } }],
  });

  /** A TLS server per backend (certificate for its host, client certificates required) behind its Service. */
  const startBackends = async (ns: string, tls: TlsFixtures, backends: readonly Backend[]) => {
    await apply(
      env.cluster,
      backends.flatMap((b) => [
        secret(ns, `${b.name}-tls`, tls.servers[b.host] as IssuedCert, tls.caPem),
        testPod({
          namespace: ns,
          name: b.name,
          image: env.images.testbox,
          args: ['tls-serve', String(b.port), b.name, '/tls'],
          labels: { app: b.name },
          restartPolicy: 'Always',
          ports: [b.port],
          ...tlsVolume(`${b.name}-tls`),
        }),
        serviceFor(ns, b.service, { app: b.name }, b.port, b.port),
      ]),
    );
    for (const b of backends) {
      await waitForPodReady(env.cluster, ns, b.name);
      await waitForEndpoints(env.cluster, ns, b.service);
    }
  };

  /**
   * Dials HOST:443 from a fresh pod (HOST resolved by the node's CoreDNS to the gateway), SNI = HOST.
   * With `settle`, an init container waits first, so kube-router has programmed the pod's address
   * before it connects (as in network-policy.node.test.ts).
   */
  const dialer = (ns: string, options: { settle?: boolean } = {}) => {
    let attempt = 0;
    return async (host: string) => {
      attempt += 1;
      const name = `client-${attempt}`;
      const client = {
        namespace: ns,
        name,
        image: env.images.testbox,
        args: ['tls-dial', `${host}:443`, host, '/tls'],
        ...tlsVolume('client-tls'),
      };
      if (options.settle !== true) return runPod(env.cluster, client);
      const pod = testPod(client);
      const wait = { name: 'wait', image: env.images.busybox, imagePullPolicy: 'Never', args: ['-c', 'sleep 3'] };
      await apply(env.cluster, [{ ...pod, spec: { ...(pod['spec'] as object), initContainers: [wait] } }]);
      const phase = await waitForPodEnd(env.cluster, ns, name);
      const log = await podLog(env.cluster, ns, name);
      await deleteObject(env.cluster, `/api/v1/namespaces/${ns}/pods/${name}`);
      return { phase, log };
    };
  };

  /** Dials until the gateway has picked the route up from its watch; returns the first answer. */
  const firstAnswer = async (dial: (host: string) => Promise<{ phase: string; log: string }>, host: string) => {
    let last: { phase: string; log: string } | undefined;
    await waitFor({
      what: `the gateway to route ${host}`,
      timeoutMs: 90_000,
      intervalMs: 1_000,
      check: async () => {
        last = await dial(host);
        return last.phase === 'Succeeded';
      },
      logTail: () => last?.log ?? '',
    });
    return last?.log ?? '';
  };

  /** The route as Traefik sees it (v1alpha2), once Traefik has accepted it and resolved its backend. */
  const acceptedAsV1alpha2 = async (ns: string, name: string) => {
    let route: RouteStatus | undefined;
    await waitFor({
      what: `TLSRoute ${ns}/${name} accepted by Traefik`,
      timeoutMs: 30_000,
      intervalMs: 500,
      check: async () => {
        route = await getObject<RouteStatus>(
          env.cluster,
          `/apis/gateway.networking.k8s.io/v1alpha2/namespaces/${ns}/tlsroutes/${name}`,
        );
        const parent = route?.status?.parents?.find((p) => p.controllerName === TRAEFIK_CONTROLLER);
        const ok = (type: string) => parent?.conditions?.some((c) => c.type === type && c.status === 'True');
        return ok('Accepted') === true && ok('ResolvedRefs') === true;
      },
      logTail: () => JSON.stringify(route?.status ?? {}),
    });
    return route;
  };

  it('routes two host names on one 443 listener to two backends that see the client certificate', async () => {
    const ns = await newNamespace('node-gateway');
    const [org1, org2] = env.gatewayHostNames as [string, string];
    const tls = await createTlsFixtures([org1, org2], 'client-of-org3');
    const backends: Backend[] = [
      { name: 'peer-org1', service: 'peer-org1', port: 7051, host: org1 },
      { name: 'peer-org2', service: 'peer-org2', port: 7051, host: org2 },
    ];
    await startBackends(ns, tls, backends);
    await apply(env.cluster, [
      secret(ns, 'client-tls', tls.client, tls.caPem),
      {
        apiVersion: GATEWAY_API_VERSION,
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
        apiVersion: GATEWAY_API_VERSION,
        kind: 'TLSRoute',
        metadata: { name: b.name, namespace: ns },
        spec: {
          parentRefs: [{ name: 'members', sectionName: 'tls-passthrough' }],
          hostnames: [b.host],
          rules: [{ backendRefs: [{ name: b.service, port: b.port }] }],
        },
      })),
    ]);

    const dial = dialer(ns);
    // backend= and client= are what the backend saw; server-cert= what the client was shown.
    expect(await firstAnswer(dial, org1)).toContain(
      `answer: backend=peer-org1 sni=${org1} client=client-of-org3 server-cert=${org1}`,
    );
    const second = await dial(org2);
    expect(second.phase).toBe('Succeeded');
    expect(second.log).toContain(`answer: backend=peer-org2 sni=${org2} client=client-of-org3 server-cert=${org2}`);
    // A name no route claims reaches the same listener but no backend: Traefik answers it with its
    // own default certificate (terminating), which the client refuses.
    const unrouted = await dial(`nobody.${env.gatewayZones[0] ?? ''}`);
    expect(unrouted.phase).toBe('Failed');
    expect(unrouted.log).toContain('traefik.default');
    expect(unrouted.log).not.toContain('answer:');

    // Created as v1; Traefik v3.6 lists and updates TLSRoutes as v1alpha2 (its client.go), so its
    // status on the route is the proof that it read the v1 object through the v1alpha2 endpoint.
    const route = await acceptedAsV1alpha2(ns, 'peer-org1');
    expect(route?.apiVersion).toBe('gateway.networking.k8s.io/v1alpha2');
  });

  /** What the rendered-objects case set up, for the source-range case after it. */
  let served: { ns: string; gateway: KubeObject; backend: Backend; clientName: string } | undefined;

  it("serves the example member's rendered Gateway and TLSRoutes by the real host names", async () => {
    const ns = await newNamespace('node-gateway-render');
    const members = renderConsortium(await loadExampleModel());
    const member = members.find((m) => objectsOf(m).some(({ object }) => object.kind === 'Gateway'));
    if (member === undefined) throw new Error('no example member renders a Gateway');
    // Exactly what render wrote, moved into this suite's namespace (routes and Gateway together).
    const rendered = objectsOf(member)
      .map(({ object }) => object)
      .filter((object) => object.kind === 'Gateway' || object.kind === 'TLSRoute')
      .map((object): KubeObject => ({ ...object, metadata: { ...object.metadata, namespace: ns } }));
    const gateway = rendered.find((o) => o.kind === 'Gateway') as KubeObject & {
      spec: { gatewayClassName: string };
    };
    expect(gateway.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(gateway.spec.gatewayClassName).toBe(env.gatewayClassName);
    const routes = rendered.filter((o) => o.kind === 'TLSRoute') as (KubeObject & {
      spec: { hostnames: string[]; rules: { backendRefs: { name: string; port: number }[] }[] };
    })[];
    expect(routes.length).toBeGreaterThanOrEqual(2);
    expect(routes.every((r) => r.apiVersion === 'gateway.networking.k8s.io/v1')).toBe(true);

    // A stand-in TLS server behind each route's backend Service, with a certificate for its host.
    const backends: Backend[] = routes.map((route, index) => {
      const ref = route.spec.rules[0]?.backendRefs[0];
      const host = route.spec.hostnames[0];
      if (ref === undefined || host === undefined) throw new Error(`TLSRoute ${route.metadata.name} has no backend`);
      return { name: `stand-in-${index}`, service: ref.name, port: ref.port, host };
    });
    const clientName = `client-of-${member.org}`;
    const tls = await createTlsFixtures(
      backends.map((b) => b.host),
      clientName,
    );
    await startBackends(ns, tls, backends);
    await apply(env.cluster, [secret(ns, 'client-tls', tls.client, tls.caPem), ...rendered]);

    const dial = dialer(ns);
    const [first, ...rest] = backends as [Backend, ...Backend[]];
    expect(await firstAnswer(dial, first.host)).toContain(
      `answer: backend=${first.name} sni=${first.host} client=${clientName} server-cert=${first.host}`,
    );
    for (const b of rest) {
      const answer = await dial(b.host);
      expect(answer.phase, answer.log).toBe('Succeeded');
      expect(answer.log).toContain(
        `answer: backend=${b.name} sni=${b.host} client=${clientName} server-cert=${b.host}`,
      );
    }
    for (const route of routes) await acceptedAsV1alpha2(ns, route.metadata.name);
    // The rendered Gateway itself: programmed by Traefik, its listener attached to every route,
    // and published at the address the members' host names resolve to.
    let status: GatewayStatus | undefined;
    await waitFor({
      what: `Gateway ${ns}/${gateway.metadata.name} programmed`,
      timeoutMs: 30_000,
      intervalMs: 500,
      check: async () => {
        status = (await getObject<{ status?: GatewayStatus }>(env.cluster, objectPath(gateway)))?.status;
        const listener = status?.listeners?.[0];
        return (
          status?.conditions?.some((c) => c.type === 'Programmed' && c.status === 'True') === true &&
          listener?.attachedRoutes === routes.length
        );
      },
      logTail: () => JSON.stringify(status ?? {}),
    });
    expect(status?.addresses?.map((a) => a.value)).toContain(env.network.gatewayServiceIp);
    served = { ns, gateway, backend: first, clientName };
  });

  // docs/render.md "Source restrictions": with passthrough, the member's ranges hold only where
  // connections arrive, e.g. a NetworkPolicy on the gateway's pods with the ranges on 443. Traefik
  // sees the client's own address here (a ClusterIP keeps it), as behind externalTrafficPolicy Local.
  it.skipIf(!gatewayReady || !requireNode().networkPolicy)(
    "enforces the member's source ranges by a NetworkPolicy on the gateway's pods",
    async () => {
      if (served === undefined) throw new Error('needs the rendered Gateway of the previous case');
      const { ns, gateway, backend, clientName } = served;
      const annotations = gateway.metadata['annotations'] as Record<string, string> | undefined;
      const ranges = (annotations?.[SOURCE_RANGES_ANNOTATION] ?? '').split(',').filter((r) => r !== '');
      expect(ranges.length).toBeGreaterThan(0);
      const policyPath = `/apis/networking.k8s.io/v1/namespaces/${traefikNamespace}/networkpolicies/gateway-source-ranges`;
      const policy = (cidrs: readonly string[]): KubeObject => ({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'gateway-source-ranges', namespace: traefikNamespace },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } },
          policyTypes: ['Ingress'],
          ingress: [
            { from: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port: 443, protocol: 'TCP' }] },
            // Traefik's ping entry point, so it stays Ready for the kubelet.
            { ports: [{ port: 9000, protocol: 'TCP' }] },
          ],
        },
      });
      const dial = dialer(ns, { settle: true });
      const until = async (phase: 'Succeeded' | 'Failed', what: string) => {
        let last = { phase: '', log: '' };
        await waitFor({
          what,
          timeoutMs: 60_000,
          intervalMs: 500,
          check: async () => {
            last = await dial(backend.host);
            return last.phase === phase;
          },
          logTail: () => `last client (${last.phase}): ${last.log}`,
        });
        return last;
      };
      try {
        // Only the rendered ranges (TEST-NET addresses of the example's members): the pods on
        // the node are outside them, and the connection to 443 itself is refused or dropped.
        await apply(env.cluster, [policy(ranges)]);
        const denied = await until('Failed', 'the gateway to refuse a client outside the source ranges');
        expect(denied.log).toMatch(/dial tcp 10\.0\.0\.\d+:443: .*(timeout|refused|unreachable|no route to host)/);

        // The node's pod range added, as a member adds its own clients' range: through again.
        await apply(env.cluster, [policy([...ranges, env.network.podCidr])]);
        const allowed = await until('Succeeded', 'the gateway to let a client inside the source ranges through');
        expect(allowed.log).toContain(
          `answer: backend=${backend.name} sni=${backend.host} client=${clientName} server-cert=${backend.host}`,
        );
      } finally {
        await deleteObject(env.cluster, policyPath);
      }
    },
  );
});
