// The in-cluster reconciler's manifests, read as a reviewer would: its rights are exactly what
// reconcile does with what render emits, it can grant itself nothing, and it runs the toolkit
// at a commit the member pinned. The same rights are exercised on a real API server by
// in-cluster-rbac.cluster.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../tools/src/adapters/kube.ts';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { objectsFromRenderedFiles } from '../../tools/src/reconcile/desired.ts';
import { leaseName } from '../../tools/src/reconcile/ownership.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { loadExampleModel, objectsOf } from '../render/support/render-fixtures.ts';

const deployDir = join(import.meta.dirname, '..', '..', 'deploy', 'in-cluster');

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const objects = objectsFromRenderedFiles(
  readdirSync(deployDir).map((path) => ({ path, content: readFileSync(join(deployDir, path), 'utf8') })),
);
const find = (kind: string): KubeObject => {
  const found = objects.find((o) => o.kind === kind);
  if (found === undefined) throw new Error(`deploy/in-cluster has no ${kind}`);
  return found;
};
const rulesOf = (kind: string) => find(kind)['rules'] as PolicyRule[];

/** REST resource of each kind render may emit; a kind missing here fails the test, by design. */
const RESOURCES: Record<string, string> = {
  ConfigMap: 'configmaps',
  Service: 'services',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodDisruptionBudget: 'poddisruptionbudgets',
  Gateway: 'gateways',
  TLSRoute: 'tlsroutes',
};

/** What reconcile does to rendered objects: apply (get, create, patch), list by label, prune. */
const OBJECT_VERBS = ['create', 'delete', 'get', 'list', 'patch'];

let model: ConsortiumModel;
let rendered: { group: string; kind: string; namespace: string | undefined }[];
beforeAll(async () => {
  model = await loadExampleModel();
  rendered = renderConsortium(model).flatMap((member) =>
    objectsOf(member).map(({ object }) => ({
      group: object.apiVersion.includes('/') ? (object.apiVersion.split('/')[0] ?? '') : '',
      kind: object.kind,
      namespace: (object.metadata as { namespace?: string }).namespace,
    })),
  );
});

describe('deploy/in-cluster', () => {
  it('grants exactly the kinds render emits, with the verbs reconcile uses, in the member namespace', () => {
    const emitted = new Set(
      rendered
        .filter((o) => o.kind !== 'Namespace')
        .map((o) => {
          const resource = RESOURCES[o.kind];
          if (resource === undefined) throw new Error(`render emits ${o.kind}: add it to the reconciler's Role`);
          return `${o.group}/${resource}`;
        }),
    );
    const granted = new Set<string>();
    for (const rule of rulesOf('Role')) {
      if (rule.apiGroups.includes('coordination.k8s.io')) continue;
      expect([...rule.verbs].sort()).toEqual(OBJECT_VERBS);
      expect(rule.resourceNames).toBeUndefined();
      for (const group of rule.apiGroups) for (const resource of rule.resources) granted.add(`${group}/${resource}`);
    }
    expect([...granted].sort()).toEqual([...emitted].sort());
  });

  it('reads, renews and releases only its own Lease', () => {
    const leaseRules = rulesOf('Role').filter((r) => r.apiGroups.includes('coordination.k8s.io'));
    expect(leaseRules).toEqual([
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      {
        apiGroups: ['coordination.k8s.io'],
        resources: ['leases'],
        resourceNames: [leaseName],
        verbs: ['get', 'update', 'delete'],
      },
    ]);
  });

  it('touches no Secret, ServiceAccount or RBAC object, and holds no wildcard, bind, escalate or impersonate', () => {
    for (const kind of ['Role', 'ClusterRole']) {
      for (const rule of rulesOf(kind)) {
        expect(rule.resources).not.toContain('secrets');
        expect(rule.resources).not.toContain('serviceaccounts');
        expect(rule.resources.some((r) => r.includes('*'))).toBe(false);
        expect(rule.apiGroups).not.toContain('rbac.authorization.k8s.io');
        expect(rule.apiGroups).not.toContain('*');
        for (const verb of ['*', 'bind', 'escalate', 'impersonate']) expect(rule.verbs).not.toContain(verb);
      }
    }
  });

  it("reaches the cluster level only for the member's own Namespace (and listing names)", () => {
    expect(rulesOf('ClusterRole')).toEqual([
      { apiGroups: [''], resources: ['namespaces'], resourceNames: ['fabric-acme'], verbs: ['get', 'patch'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['list'] },
    ]);
  });

  it('is set up for an org of the example: ORG is its id, the Role sits in its cluster.namespace', () => {
    const cronJob = find('CronJob') as unknown as {
      spec: {
        jobTemplate: { spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } } };
      };
    };
    const env = cronJob.spec.jobTemplate.spec.template.spec.containers[0]?.env ?? [];
    const org = model.orgs.find((o) => o.id === env.find((e) => e.name === 'ORG')?.value);
    expect(org?.id).toBe('manufacturer');
    for (const kind of ['Role', 'RoleBinding']) expect(find(kind).metadata.namespace).toBe(org?.cluster.namespace);
    // Created with the Role, so the reconciler needs no right to create namespaces.
    expect(objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name)).toContain(org?.cluster.namespace);
    expect(rendered.filter((o) => o.namespace !== undefined).every((o) => o.namespace !== 'consortium-gitops')).toBe(
      true,
    );
  });

  it('runs the toolkit from a commit the member pinned, fetched by hash, not from the branch tip', () => {
    const text = readFileSync(join(deployDir, 'cronjob.yaml'), 'utf8');
    const spec = (
      find('CronJob') as unknown as {
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  initContainers: { name: string; command: string[]; env: { name: string; value: string }[] }[];
                  containers: { workingDir: string; command: string[] }[];
                };
              };
            };
          };
        };
      }
    ).spec.jobTemplate.spec.template.spec;
    const toolkit = spec.initContainers.find((c) => c.name === 'toolkit');
    const script = toolkit?.command.join(' ') ?? '';
    expect(script).toContain('fetch --quiet --depth=1 "$REPOSITORY" "$TOOLKIT_REVISION"');
    expect(script).toContain('test "$(git -C /work/toolkit rev-parse HEAD)" = "$TOOLKIT_REVISION"');
    // The placeholder is refused by the script's own check until the member sets a real hash.
    expect(toolkit?.env.find((e) => e.name === 'TOOLKIT_REVISION')?.value).not.toMatch(/^[0-9a-f]{40}$/);
    const reconcile = spec.containers[0];
    expect(reconcile?.workingDir).toBe('/work/toolkit');
    expect(reconcile?.command.join(' ')).toContain('reconcile --repo /work/repo --org "$ORG"');
    // The branch is cloned only as data, into /work/repo.
    expect(text.match(/--branch=main/g)).toHaveLength(1);
    expect(text).toMatch(/--branch=main "\$REPOSITORY" \/work\/repo/);
  });
});
