// The member's Fabric CA: one fabric-ca-server serving two CAs, the org's enrollment CA (the
// default CA, `ca-<org>`, signing with msp.caCert) and its TLS CA (`tlsca-<org>`, a second CA from
// --cafiles, signing with msp.tlsCaCert), so every enrollment and TLS certificate of its peers,
// orderers and admins is issued inside its own cluster (enrollment-jobs.ts). The signing pairs
// and the bootstrap registrar come from Secrets the member provides (`consortium org secrets`);
// both CAs' databases live on the PVC.
import { caResourceName } from '../model/resource-names.ts';
import type { MemberContext } from './context.ts';
import { PORTS } from './ports.ts';
import { containerSecurityContext, emptyDirVolume, FABRIC_UID, resources } from './pod-security.ts';
import { workloadSizes } from '../model/workload-sizes.ts';
import { tlsCaName } from './enrollment.ts';
import { caBootstrapSecret, caSigningSecret, caTlsCaSigningSecret, caTlsSecret } from './secret-names.ts';
import { containerPorts } from './services.ts';
import { pvcVolume } from './storage.ts';
import type { KubeObject } from './types.ts';
import { operationsProbes, renderStatefulWorkload, secretVolume } from './workload.ts';

export const CA_APP = 'fabric-ca';
const CA_HOME = '/var/hyperledger/fabric-ca';
const TLSCA_SIGNING_DIR = '/var/hyperledger/tlsca-signing';

/**
 * The TLS CA's configuration file. A CA from --cafiles takes every setting it leaves out from the
 * default CA (Fabric CA lib/server.go loadCA: util.CopyMissingValues), so the bootstrap registrar
 * (from -b), the signing profiles (`tls` among them) and the database driver are the same; its
 * home, and so its SQLite database and Idemix keys, is the directory of this file.
 */
export function tlsCaConfig(caName: string): string {
  return [
    'ca:',
    `  name: ${caName}`,
    `  certfile: ${TLSCA_SIGNING_DIR}/ca.crt`,
    `  keyfile: ${TLSCA_SIGNING_DIR}/ca.key`,
    '',
  ].join('\n');
}

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
      // The TLS CA's file must sit in the data volume: Fabric CA writes a CA's database and Idemix
      // keys beside its configuration file. The registrar's password comes from the Secret through
      // the environment, never rendered.
      command: [
        '/bin/sh',
        '-ec',
        [
          'mkdir -p "$FABRIC_CA_HOME/tlsca"',
          'printf "%s" "$TLSCA_CONFIG" >"$FABRIC_CA_HOME/tlsca/fabric-ca-config.yaml"',
          'exec fabric-ca-server start -b "$BOOTSTRAP_USER:$BOOTSTRAP_PASSWORD" --cafiles "$FABRIC_CA_HOME/tlsca/fabric-ca-config.yaml"',
        ].join('\n'),
      ],
      env: [
        secretEnv('BOOTSTRAP_USER', caBootstrapSecret(ctx.org), 'username'),
        secretEnv('BOOTSTRAP_PASSWORD', caBootstrapSecret(ctx.org), 'password'),
        { name: 'FABRIC_CA_HOME', value: CA_HOME },
        { name: 'TLSCA_CONFIG', value: tlsCaConfig(tlsCaName(ctx.org)) },
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
      resources: resources(workloadSizes(ctx.org, 'ca')),
      securityContext: containerSecurityContext(),
      volumeMounts: [
        { name: 'data', mountPath: CA_HOME },
        { name: 'signing', mountPath: '/var/hyperledger/ca-signing', readOnly: true },
        { name: 'tlsca-signing', mountPath: TLSCA_SIGNING_DIR, readOnly: true },
        { name: 'tls', mountPath: '/var/hyperledger/ca-tls', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
      ],
    },
    volumes: [
      pvcVolume('data', claim),
      secretVolume('signing', caSigningSecret(ctx.org)),
      secretVolume('tlsca-signing', caTlsCaSigningSecret(ctx.org)),
      secretVolume('tls', caTlsSecret(ctx.org)),
      emptyDirVolume('tmp'),
    ],
    ports,
    storage: { claimName: claim, size: ctx.org.ca.storage },
  });
}
