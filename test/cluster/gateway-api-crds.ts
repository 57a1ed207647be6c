// The Gateway API kinds render emits (Gateway, TLSRoute), installed in a test API server as
// CustomResourceDefinitions built from the committed fixture of the pinned release's Standard
// channel (scripts/extract-gateway-api-crds.mjs): the served storage version with its schema and
// CEL rules, so the API server validates rendered objects as a member's cluster would. Applied
// with server-side apply under one field manager, so suites sharing a cluster may all call it;
// they stay installed with the test cluster.
import { loadGatewayFixture } from '../render/support/k8s-schema.ts';
import { requestKube, type KubeEndpoint } from './kube-request.ts';

interface FixtureKind {
  readonly crd: string;
  /** Among them api-approved.kubernetes.io, which the API server requires for a *.k8s.io group. */
  readonly annotations: Record<string, string>;
  readonly group: string;
  readonly names: Record<string, unknown>;
  readonly scope: string;
  readonly version: string;
  readonly schema: Record<string, unknown>;
}

export async function installGatewayApiCrds(cluster: KubeEndpoint): Promise<void> {
  const kinds = Object.values(loadGatewayFixture().kinds) as unknown as FixtureKind[];
  for (const kind of kinds) {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: kind.crd, annotations: kind.annotations },
      spec: {
        group: kind.group,
        names: kind.names,
        scope: kind.scope,
        versions: [{ name: kind.version, served: true, storage: true, schema: { openAPIV3Schema: kind.schema } }],
      },
    };
    const applied = await requestKube(cluster, {
      method: 'PATCH',
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${kind.crd}?fieldManager=gateway-api-test&force=true`,
      body: JSON.stringify(crd),
      contentType: 'application/apply-patch+yaml',
    });
    if (applied.status >= 300) throw new Error(`installing ${kind.crd}: HTTP ${applied.status} ${applied.body}`);
  }
  for (const kind of kinds) await waitEstablished(cluster, kind.crd);
}

async function waitEstablished(cluster: KubeEndpoint, name: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await requestKube(cluster, {
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    });
    const conditions =
      (JSON.parse(response.body) as { status?: { conditions?: { type: string; status: string }[] } }).status
        ?.conditions ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    if (Date.now() > deadline) throw new Error(`${name} not established after 30 s: ${response.body.slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
