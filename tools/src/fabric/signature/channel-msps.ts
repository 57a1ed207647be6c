// The MSPs a channel config defines (one per org group under Application and Orderer), and how
// Fabric's X.509 MSP judges an identity against them: the certificate must chain to one of the
// MSP's root CAs (through its intermediates), and its role is "admin" when it is a listed admin
// certificate or carries the admin NodeOU, else the NodeOU it carries.
import { X509Certificate } from 'node:crypto';
import { msp } from '@hyperledger/fabric-protos';
import type { ChannelConfig } from '../config/config-tree.ts';
import type { PolicyRole } from '../policy/index.ts';

export interface ChannelMsp {
  readonly mspId: string;
  /** The config group it comes from, e.g. "/Channel/Application/Org1MSP". */
  readonly group: string;
  readonly rootCerts: readonly X509Certificate[];
  readonly intermediateCerts: readonly X509Certificate[];
  readonly admins: readonly X509Certificate[];
  /** NodeOU identifiers by role, when NodeOUs are enabled. */
  readonly nodeOus: Readonly<Partial<Record<'client' | 'peer' | 'admin' | 'orderer', string>>> | undefined;
}

/** Every MSP of the config, by MSP ID. An MSP value that does not decode is left out. */
export function channelMsps(config: ChannelConfig): ReadonlyMap<string, ChannelMsp> {
  const found = new Map<string, ChannelMsp>();
  for (const section of ['Application', 'Orderer'] as const) {
    const groups = config.channelGroup.groups[section]?.groups ?? {};
    for (const name of Object.keys(groups).sort()) {
      const value = groups[name]?.values['MSP'];
      if (value === undefined) continue;
      const parsed = parseMspValue(value.value, `/Channel/${section}/${name}`);
      if (parsed !== undefined && !found.has(parsed.mspId)) found.set(parsed.mspId, parsed);
    }
  }
  return found;
}

function parseMspValue(bytes: Uint8Array, group: string): ChannelMsp | undefined {
  try {
    const config = msp.MSPConfig.deserializeBinary(bytes);
    if (config.getType() !== 0) return undefined; // only the X.509 (FABRIC) MSP type
    const fabric = msp.FabricMSPConfig.deserializeBinary(config.getConfig_asU8());
    const certs = (list: Uint8Array[]): X509Certificate[] => list.flatMap((pem) => parseCertificate(pem) ?? []);
    const ous = fabric.getFabricNodeOus();
    const nodeOus =
      ous?.getEnable() === true
        ? {
            ...optionalOu('client', ous.getClientOuIdentifier()),
            ...optionalOu('peer', ous.getPeerOuIdentifier()),
            ...optionalOu('admin', ous.getAdminOuIdentifier()),
            ...optionalOu('orderer', ous.getOrdererOuIdentifier()),
          }
        : undefined;
    return {
      mspId: fabric.getName(),
      group,
      rootCerts: certs(fabric.getRootCertsList_asU8()),
      intermediateCerts: certs(fabric.getIntermediateCertsList_asU8()),
      admins: certs(fabric.getAdminsList_asU8()),
      nodeOus,
    };
  } catch {
    return undefined;
  }
}

function optionalOu(role: string, identifier: msp.FabricOUIdentifier | undefined): Record<string, string> {
  const ou = identifier?.getOrganizationalUnitIdentifier();
  return ou === undefined || ou === '' ? {} : { [role]: ou };
}

export function parseCertificate(pem: Uint8Array | string): X509Certificate | undefined {
  try {
    return new X509Certificate(typeof pem === 'string' ? pem : Buffer.from(pem));
  } catch {
    return undefined;
  }
}

/** The OU values of a certificate's subject. */
export function organizationalUnits(cert: X509Certificate): string[] {
  return cert.subject
    .split('\n')
    .filter((line) => line.startsWith('OU='))
    .flatMap((line) => line.slice(3).split('+'));
}

export type IdentityJudgement =
  { readonly ok: true; readonly role: PolicyRole } | { readonly ok: false; readonly reason: string };

/**
 * Whether `cert` is a valid identity of `member` and with which role. `now` is checked against
 * the certificate and its chain: Fabric's MSP itself ignores expiry when validating identities
 * (FAB-3678), but an expired admin certificate is not a credible approval, so the toolkit refuses
 * it; this can only make the toolkit stricter than the orderer, never laxer.
 */
// Fabric: msp/mspimplvalidate.go validateIdentity, msp/mspimpl.go satisfiesPrincipalInternalV142
export function judgeIdentity(member: ChannelMsp, cert: X509Certificate, now: Date): IdentityJudgement {
  const listedAdmin = member.admins.some((admin) => admin.raw.equals(cert.raw));
  const chain = validationChain(member, cert);
  if (chain === undefined) {
    return {
      ok: false,
      reason: `the certificate is not issued by ${member.mspId}'s CA (${cert.issuer.replace(/\n/g, ', ')})`,
    };
  }
  for (const link of [cert, ...chain]) {
    if (new Date(link.validTo).getTime() < now.getTime()) {
      return {
        ok: false,
        reason: `the certificate ${link === cert ? '' : `chain (${link.subject.replace(/\n/g, ', ')}) `}expired on ${new Date(link.validTo).toISOString()}`,
      };
    }
    if (new Date(link.validFrom).getTime() > now.getTime()) {
      return { ok: false, reason: `the certificate is not valid before ${new Date(link.validFrom).toISOString()}` };
    }
  }
  if (listedAdmin) return { ok: true, role: 'admin' };
  if (member.nodeOus === undefined) return { ok: true, role: 'member' };
  const ous = organizationalUnits(cert);
  const roles = (['client', 'peer', 'admin', 'orderer'] as const).filter((role) => {
    const ou = member.nodeOus?.[role];
    return ou !== undefined && ous.includes(ou);
  });
  // With NodeOUs enabled an identity must carry exactly one of the node OUs.
  if (roles.length !== 1) {
    return {
      ok: false,
      reason:
        roles.length === 0
          ? 'the certificate carries none of the NodeOU roles (client, peer, admin, orderer)'
          : `the certificate carries several NodeOU roles (${roles.join(', ')})`,
    };
  }
  return { ok: true, role: roles[0] as PolicyRole };
}

/** The certificates from `cert`'s issuer up to one of the MSP's roots, or undefined. */
function validationChain(member: ChannelMsp, cert: X509Certificate): X509Certificate[] | undefined {
  const chain: X509Certificate[] = [];
  let current = cert;
  for (let depth = 0; depth <= member.intermediateCerts.length; depth++) {
    const root = member.rootCerts.find((ca) => issued(ca, current));
    if (root !== undefined) return [...chain, root];
    const intermediate = member.intermediateCerts.find((ca) => !chain.includes(ca) && issued(ca, current));
    if (intermediate === undefined) return undefined;
    chain.push(intermediate);
    current = intermediate;
  }
  return undefined;
}

function issued(ca: X509Certificate, cert: X509Certificate): boolean {
  try {
    return ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}
