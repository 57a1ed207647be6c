// CouchDB state database of a peer that chose it: its own StatefulSet (so a NetworkPolicy can
// admit only that peer), its own PVC, the admin credentials from a member-created Secret.
import type { Peer } from '../model/types.ts';
import { couchdbResourceName } from '../model/resource-names.ts';
import { metaFor, type MemberContext } from './context.ts';
import { standardLabels, selectorLabels } from './labels.ts';
import { PORTS } from './ports.ts';
import {
  containerSecurityContext,
  COUCHDB_UID,
  emptyDirVolume,
  podDefaults,
  resources,
  SIZES,
} from './pod-security.ts';
import { couchdbSecret } from './secret-names.ts';
import { containerPorts, renderService } from './services.ts';
import { pvcVolume, renderPvc } from './storage.ts';
import type { KubeObject } from './types.ts';

export const COUCHDB_APP = 'couchdb';

/**
 * The model sizes the peer's ledger volume only; the state database holds the latest value of each
 * key, never larger than the ledger, so it gets the same size.
 */
export function renderCouchdb(ctx: MemberContext, peer: Peer): KubeObject[] {
  const name = couchdbResourceName(ctx.org, peer);
  const claim = `${name}-data`;
  const ports = [{ name: 'http', port: PORTS.couchdb }];
  const labelInput = {
    consortium: ctx.consortium.name,
    org: ctx.org.id,
    name: COUCHDB_APP,
    instance: name,
    component: 'couchdb' as const,
  };
  const secret = couchdbSecret(ctx.org, peer);
  const statefulSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metaFor(ctx, { objectName: name, name: COUCHDB_APP, component: 'couchdb' }),
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: selectorLabels(labelInput) },
      template: {
        metadata: { labels: standardLabels(labelInput) },
        spec: {
          ...podDefaults(COUCHDB_UID),
          containers: [
            {
              name: 'couchdb',
              image: ctx.consortium.fabric.images.couchdb,
              env: [
                { name: 'COUCHDB_USER', valueFrom: { secretKeyRef: { name: secret, key: 'username' } } },
                { name: 'COUCHDB_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } },
              ],
              ports: containerPorts(ports),
              readinessProbe: { httpGet: { path: '/_up', port: 'http' }, periodSeconds: 10 },
              livenessProbe: { httpGet: { path: '/_up', port: 'http' }, periodSeconds: 20, failureThreshold: 3 },
              resources: resources(SIZES.couchdb),
              // The image's entrypoint writes its settings and the Erlang runtime its cookie under
              // /opt/couchdb, so this one root file system stays writable (still non-root, no caps).
              securityContext: { ...containerSecurityContext(), readOnlyRootFilesystem: false },
              volumeMounts: [
                { name: 'data', mountPath: '/opt/couchdb/data' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [pvcVolume('data', claim), emptyDirVolume('tmp')],
        },
      },
    },
  };
  return [
    renderPvc(ctx, {
      claimName: claim,
      workload: name,
      appName: COUCHDB_APP,
      component: 'couchdb',
      size: peer.storage,
    }),
    renderService(ctx, { objectName: name, appName: COUCHDB_APP, instance: name, component: 'couchdb', ports }),
    statefulSet,
  ];
}
