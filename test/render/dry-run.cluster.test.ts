// Every object rendered for the example consortium, server-side applied with dryRun=All and strict
// field validation against a real API server of the pinned release: the API server's own defaulting,
// validation and admission (including Pod Security "restricted" warnings) get the last word. Gateway
// and TLSRoute go to the CRDs of the pinned Gateway API release, CEL rules included.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { findCluster, injectClusters, requireClusters } from '../cluster/clusters.ts';
import { installGatewayApiCrds } from '../cluster/gateway-api-crds.ts';
import { requestKube } from '../cluster/kube-request.ts';
import { loadExampleModel, objectsOf } from './support/render-fixtures.ts';

const clusters = injectClusters();

/** REST collection of each kind render emits. */
const collections: Record<string, { prefix: string; plural: string }> = {
  ConfigMap: { prefix: '/api/v1', plural: 'configmaps' },
  Service: { prefix: '/api/v1', plural: 'services' },
  PersistentVolumeClaim: { prefix: '/api/v1', plural: 'persistentvolumeclaims' },
  StatefulSet: { prefix: '/apis/apps/v1', plural: 'statefulsets' },
  Deployment: { prefix: '/apis/apps/v1', plural: 'deployments' },
  Job: { prefix: '/apis/batch/v1', plural: 'jobs' },
  CronJob: { prefix: '/apis/batch/v1', plural: 'cronjobs' },
  NetworkPolicy: { prefix: '/apis/networking.k8s.io/v1', plural: 'networkpolicies' },
  Ingress: { prefix: '/apis/networking.k8s.io/v1', plural: 'ingresses' },
  PodDisruptionBudget: { prefix: '/apis/policy/v1', plural: 'poddisruptionbudgets' },
  Gateway: { prefix: '/apis/gateway.networking.k8s.io/v1', plural: 'gateways' },
  TLSRoute: { prefix: '/apis/gateway.networking.k8s.io/v1', plural: 'tlsroutes' },
};

describe.skipIf(!clusters.available)('rendered objects on a real API server', () => {
  // A namespace of its own, so this suite never meets the reconcile suites' objects.
  const namespace = `render-dry-run-${randomBytes(3).toString('hex')}`;
  const cluster = () => findCluster(requireClusters(), 'a');
  beforeAll(async () => {
    if (clusters.available) await installGatewayApiCrds(cluster());
  });
  afterAll(async () => {
    if (clusters.available) await requestKube(cluster(), { method: 'DELETE', path: `/api/v1/namespaces/${namespace}` });
  });

  it('accepts every object of every member (server-side apply, dry run, strict fields)', async () => {
    const members = renderConsortium(await loadExampleModel());
    const failures: string[] = [];
    let checked = 0;
    for (const member of members) {
      const objects = objectsOf(member);
      const ns = objects.find((o) => o.object.kind === 'Namespace');
      expect(ns).toBeDefined();
      const created = await requestKube(cluster(), {
        method: 'PATCH',
        path: `/api/v1/namespaces/${namespace}?fieldManager=render-test&force=true`,
        body: JSON.stringify({ ...ns?.object, metadata: { ...ns?.object.metadata, name: namespace } }),
        contentType: 'application/apply-patch+yaml',
      });
      expect(created.status, created.body).toBeLessThan(300);
      for (const { file, object } of objects) {
        if (object.kind === 'Namespace') continue;
        const collection = collections[object.kind];
        if (collection === undefined) {
          failures.push(`${member.org}/${file}: no REST collection known for ${object.kind}`);
          continue;
        }
        const body = JSON.stringify({ ...object, metadata: { ...object.metadata, namespace } });
        const response = await requestKube(cluster(), {
          method: 'PATCH',
          path: `${collection.prefix}/namespaces/${namespace}/${collection.plural}/${object.metadata.name}?fieldManager=render-test&dryRun=All&fieldValidation=Strict&force=true`,
          body,
          contentType: 'application/apply-patch+yaml',
        });
        if (response.status >= 300) failures.push(`${member.org}/${file}: HTTP ${response.status} ${response.body}`);
        checked++;
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });
});
