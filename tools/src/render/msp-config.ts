// Public MSP material as ConfigMaps: the org's CA and TLS CA certificates from the repository plus
// the NodeOU configuration, and the TLS roots of the other members this org talks to. Only public
// certificates go here; every private key stays in the member-created Secrets (secret-names.ts).
import type { Organization } from '../model/types.ts';
import { InternalError } from '../errors.ts';
import { metaFor, compare, type ConsortiumContext, type MemberContext } from './context.ts';
import type { JsonObject, KubeObject } from './types.ts';

export const MSP_CA_FILE = 'ca.pem';
export const MSP_TLSCA_FILE = 'tlsca.pem';

export const mspConfigMapName = (org: Organization): string => `${org.id}-msp`;
export const TLS_ROOTS_CONFIGMAP = 'fabric-tls-roots';

/** NodeOUs: roles (admin, peer, client, orderer) come from the certificate's OU, as policies expect. */
export function nodeOuConfig(caPath: string): string {
  const ou = (name: string) => `    Certificate: ${caPath}\n    OrganizationalUnitIdentifier: ${name}\n`;
  return (
    'NodeOUs:\n  Enable: true\n' +
    `  ClientOUIdentifier:\n${ou('client')}` +
    `  PeerOUIdentifier:\n${ou('peer')}` +
    `  AdminOUIdentifier:\n${ou('admin')}` +
    `  OrdererOUIdentifier:\n${ou('orderer')}`
  );
}

export function certificateText(ctx: Pick<ConsortiumContext, 'fileText'>, path: string): string {
  const text = ctx.fileText(path);
  if (text === undefined)
    throw new InternalError(`certificate ${path} was not loaded; validation should have refused it`);
  return text.endsWith('\n') ? text : `${text}\n`;
}

export function renderMspConfigMap(ctx: MemberContext): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metaFor(ctx, { objectName: mspConfigMapName(ctx.org), name: 'fabric-msp', component: 'msp' }),
    data: {
      [MSP_CA_FILE]: certificateText(ctx, ctx.org.msp.caCert),
      'config.yaml': nodeOuConfig(`cacerts/${MSP_CA_FILE}`),
      [MSP_TLSCA_FILE]: certificateText(ctx, ctx.org.msp.tlsCaCert),
    },
  };
}

/** Orgs whose TLS CA this member must trust: fellow channel members and the consenters' orgs. */
export function peerOrgIds(ctx: MemberContext): string[] {
  const ids = new Set<string>([ctx.org.id]);
  for (const channel of ctx.channels) for (const id of channel.members) ids.add(id);
  for (const c of ctx.consenters) ids.add(c.org.id);
  return [...ids].sort(compare);
}

/** `<org-id>.pem` per related org: files the peer CLI in Jobs passes as --tlsRootCertFiles/--cafile. */
export function renderTlsRootsConfigMap(ctx: MemberContext): KubeObject {
  const data: Record<string, string> = {};
  for (const id of peerOrgIds(ctx)) {
    const org = ctx.orgsById.get(id);
    if (org !== undefined) data[`${id}.pem`] = certificateText(ctx, org.msp.tlsCaCert);
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metaFor(ctx, { objectName: TLS_ROOTS_CONFIGMAP, name: 'fabric-tls-roots', component: 'msp' }),
    data,
  };
}

/**
 * A Fabric MSP directory assembled from the member's identity Secret (signcerts, keystore) and the
 * public ConfigMap (cacerts, tlscacerts, NodeOU config.yaml), mounted read-only.
 */
export function mspVolume(ctx: MemberContext, volumeName: string, identitySecret: string): JsonObject {
  return {
    name: volumeName,
    projected: {
      defaultMode: 0o440,
      sources: [
        {
          secret: {
            name: identitySecret,
            items: [
              { key: 'cert.pem', path: 'signcerts/cert.pem' },
              { key: 'key.pem', path: 'keystore/key.pem' },
            ],
          },
        },
        {
          configMap: {
            name: mspConfigMapName(ctx.org),
            items: [
              { key: MSP_CA_FILE, path: `cacerts/${MSP_CA_FILE}` },
              { key: MSP_TLSCA_FILE, path: `tlscacerts/${MSP_TLSCA_FILE}` },
              { key: 'config.yaml', path: 'config.yaml' },
            ],
          },
        },
      ],
    },
  };
}
