// The member's Fabric CA: issues the enrollment and TLS certificates of its peers, orderers, admins
// and clients inside its own cluster. Its signing key and bootstrap registrar come from Secrets
// the member creates (secret-names.ts); the database lives on a PVC.
import { caResourceName } from '../model/resource-names.ts';
import type { MemberContext } from './context.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, resources, SIZES } from './pod-security.ts';
import { caBootstrapSecret, caSigningSecret, caTlsSecret } from './secret-names.ts';
import { containerPorts } from './services.ts';
import { pvcVolume } from './storage.ts';
import type { KubeObject } from './types.ts';
import { operationsProbes, renderStatefulWorkload, secretVolume } from './workload.ts';

export const CA_APP = 'fabric-ca';

export function renderFabricCa(ctx: MemberContext): KubeObject[] {
  const name = caResourceName(ctx.org);
  const claim = `${name}-data`;
  const ports = [
    { name: 'https', port: PORTS.ca },
    { name: 'operations', port: PORTS.operations },
  ];
  const secretEnv = (envName: string, secret: string, key: string) => ({
    name: envName,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  return renderStatefulWorkload(ctx, {
    name,
    app: CA_APP,
    component: 'ca',
    uid: FABRIC_UID,
    container: {
      name: 'ca',
      image: ctx.consortium.fabric.images.ca,
      // The registrar's password is expanded by the kubelet from the Secret, never rendered.
      command: ['fabric-ca-server', 'start', '-b', '$(BOOTSTRAP_USER):$(BOOTSTRAP_PASSWORD)'],
      env: [
        secretEnv('BOOTSTRAP_USER', caBootstrapSecret(ctx.org), 'username'),
        secretEnv('BOOTSTRAP_PASSWORD', caBootstrapSecret(ctx.org), 'password'),
        { name: 'FABRIC_CA_HOME', value: '/var/hyperledger/fabric-ca' },
        { name: 'FABRIC_CA_SERVER_CA_NAME', value: name },
        { name: 'FABRIC_CA_SERVER_PORT', value: String(PORTS.ca) },
        { name: 'FABRIC_CA_SERVER_CA_CERTFILE', value: '/var/hyperledger/ca-signing/ca.crt' },
        { name: 'FABRIC_CA_SERVER_CA_KEYFILE', value: '/var/hyperledger/ca-signing/ca.key' },
        { name: 'FABRIC_CA_SERVER_TLS_ENABLED', value: 'true' },
        { name: 'FABRIC_CA_SERVER_TLS_CERTFILE', value: '/var/hyperledger/ca-tls/tls.crt' },
        { name: 'FABRIC_CA_SERVER_TLS_KEYFILE', value: '/var/hyperledger/ca-tls/tls.key' },
        { name: 'FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS', value: `0.0.0.0:${PORTS.operations}` },
        { name: 'FABRIC_CA_SERVER_METRICS_PROVIDER', value: 'prometheus' },
      ],
      ports: containerPorts(ports),
      ...operationsProbes({ startup: false }),
      resources: resources(SIZES.ca),
      securityContext: containerSecurityContext(),
      volumeMounts: [
        { name: 'data', mountPath: '/var/hyperledger/fabric-ca' },
        { name: 'signing', mountPath: '/var/hyperledger/ca-signing', readOnly: true },
        { name: 'tls', mountPath: '/var/hyperledger/ca-tls', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [
      pvcVolume('data', claim),
      secretVolume('signing', caSigningSecret(ctx.org)),
      secretVolume('tls', caTlsSecret(ctx.org)),
      emptyDirVolume('tmp'),
    ],
    ports,
    storage: { claimName: claim, size: ctx.org.ca.storage },
  });
}
