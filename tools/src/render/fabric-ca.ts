// The member's Fabric CA: issues the enrollment and TLS certificates of its peers, orderers, admins
// and clients inside its own cluster. Its signing key and bootstrap registrar come from Secrets
// the member creates (secret-names.ts); the database lives on a PVC.
import { caResourceName } from '../model/resource-names.ts';
import { metaFor, type MemberContext } from './context.ts';
import { standardLabels, selectorLabels } from './labels.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, podDefaults, resources, SIZES } from './pod-security.ts';
import { caBootstrapSecret, caSigningSecret, caTlsSecret } from './secret-names.ts';
import { containerPorts, renderService } from './services.ts';
import { pvcVolume, renderPvc } from './storage.ts';
import type { KubeObject } from './types.ts';

export const CA_APP = 'fabric-ca';

export function renderFabricCa(ctx: MemberContext): KubeObject[] {
  const name = caResourceName(ctx.org);
  const claim = `${name}-data`;
  const ports = [
    { name: 'https', port: PORTS.ca },
    { name: 'operations', port: PORTS.operations },
  ];
  const labelInput = {
    consortium: ctx.consortium.name,
    org: ctx.org.id,
    name: CA_APP,
    instance: name,
    component: 'ca' as const,
  };
  const secretEnv = (envName: string, secret: string, key: string) => ({
    name: envName,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  const statefulSet: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: metaFor(ctx, { objectName: name, name: CA_APP, component: 'ca' }),
    spec: {
      serviceName: name,
      replicas: 1,
      selector: { matchLabels: selectorLabels(labelInput) },
      template: {
        metadata: { labels: standardLabels(labelInput) },
        spec: {
          ...podDefaults(FABRIC_UID),
          containers: [
            {
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
              readinessProbe: { httpGet: { path: '/healthz', port: 'operations' }, periodSeconds: 10 },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'operations' },
                periodSeconds: 20,
                failureThreshold: 3,
              },
              resources: resources(SIZES.ca),
              securityContext: containerSecurityContext(),
              volumeMounts: [
                { name: 'data', mountPath: '/var/hyperledger/fabric-ca' },
                { name: 'signing', mountPath: '/var/hyperledger/ca-signing', readOnly: true },
                { name: 'tls', mountPath: '/var/hyperledger/ca-tls', readOnly: true },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            },
          ],
          volumes: [
            pvcVolume('data', claim),
            { name: 'signing', secret: { secretName: caSigningSecret(ctx.org), defaultMode: 0o440 } },
            { name: 'tls', secret: { secretName: caTlsSecret(ctx.org), defaultMode: 0o440 } },
            emptyDirVolume('tmp'),
          ],
        },
      },
    },
  };
  return [
    renderPvc(ctx, { claimName: claim, workload: name, appName: CA_APP, component: 'ca', size: ctx.org.ca.storage }),
    renderService(ctx, { objectName: name, appName: CA_APP, instance: name, component: 'ca', ports }),
    statefulSet,
  ];
}
