// CouchDB state database of a peer that chose it: its own StatefulSet (so a NetworkPolicy can
// admit only that peer), its own PVC, the admin credentials from a member-created Secret.
import type { Peer } from '../model/types.ts';
import { couchdbResourceName } from '../model/resource-names.ts';
import type { MemberContext } from './context.ts';
import { colocateWith } from './disruption.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, COUCHDB_UID, emptyDirVolume, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { couchdbSecret } from './secret-names.ts';
import { containerPorts } from './services.ts';
import { pvcVolume } from './storage.ts';
import type { JsonObject, KubeObject } from './types.ts';
import { renderStatefulWorkload } from './workload.ts';

export const COUCHDB_APP = 'couchdb';

/**
 * The model sizes the peer's ledger volume only; the state database holds the latest value of each
 * key, never larger than the ledger, so it gets the same size.
 */
export function renderCouchdb(ctx: MemberContext, peer: Peer, peerSelector: JsonObject): KubeObject[] {
  const name = couchdbResourceName(ctx.org, peer);
  const claim = `${name}-data`;
  const ports = [{ name: 'http', port: PORTS.couchdb }];
  const secret = couchdbSecret(ctx.org, peer);
  return renderStatefulWorkload(ctx, {
    name,
    app: COUCHDB_APP,
    component: 'couchdb',
    uid: COUCHDB_UID,
    pod: { affinity: colocateWith(peerSelector) },
    container: {
      name: 'couchdb',
      image: ctx.consortium.fabric.images.couchdb,
      env: [
        { name: 'COUCHDB_USER', valueFrom: { secretKeyRef: { name: secret, key: 'username' } } },
        { name: 'COUCHDB_PASSWORD', valueFrom: { secretKeyRef: { name: secret, key: 'password' } } },
      ],
      ports: containerPorts(ports),
      readinessProbe: { httpGet: { path: '/_up', port: 'http' }, periodSeconds: 10 },
      livenessProbe: { httpGet: { path: '/_up', port: 'http' }, periodSeconds: 20, failureThreshold: 3 },
      resources: resources(workloadSizes(ctx.org, 'couchdb')),
      // The image's entrypoint writes its settings and the Erlang runtime its cookie under
      // /opt/couchdb, so this one root file system stays writable (still non-root, no caps).
      securityContext: { ...containerSecurityContext(), readOnlyRootFilesystem: false },
      volumeMounts: [
        { name: 'data', mountPath: '/opt/couchdb/data' },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [pvcVolume('data', claim), emptyDirVolume('tmp')],
    ports,
    storage: { claimName: claim, size: peer.storage },
  });
}
