// Every identity a member's workloads mount, as its own Fabric CA enrolls it: the peers' and
// orderers' enrollment (MSP) and TLS pairs and the admin identity and TLS client pair the Jobs use.
// One list shared by the rendered enrollment Job (what to enroll, with which names) and by
// `consortium org secrets` (the empty Secrets it creates and the Role naming exactly them), so the
// Job can never write a Secret its Role does not name, nor miss one a workload mounts.
import { createHash, X509Certificate } from 'node:crypto';
import { caResourceName, ordererResourceName, peerResourceName } from '../model/resource-names.ts';
import { ordererTlsHosts, peerTlsHosts } from '../model/endpoints.ts';
import type { Organization } from '../model/types.ts';
import {
  adminMspSecret,
  adminTlsSecret,
  ordererMspSecret,
  ordererTlsSecret,
  peerMspSecret,
  peerTlsSecret,
} from './secret-names.ts';

/** The ServiceAccount (and Role, RoleBinding) the enrollment Job runs as. */
export const ENROLL_SERVICE_ACCOUNT = 'fabric-enroll';
/** Annotation on each enrolled Secret: what it was enrolled for, so a change of names re-enrolls. */
export const ENROLLMENT_ANNOTATION = 'fabric.consortium/enrollment';

/** The name of the org's TLS CA inside its Fabric CA server (the enrollment CA is `ca-<org>`). */
export const tlsCaName = (org: Organization): string => `tlsca-${org.id}`;

export interface EnrolledIdentity {
  /** The Secret of the contract the pair is stored in. */
  readonly secret: string;
  /** `msp`: cert.pem + key.pem from the enrollment CA; `tls`: tls.crt + tls.key + ca.crt from the TLS CA. */
  readonly pair: 'msp' | 'tls';
  /** The CA (by its name in the CA server) that issues it. */
  readonly caName: string;
  /** Enrollment ID, also the certificate's common name. */
  readonly enrollmentId: string;
  /** Fabric CA identity type; with NodeOUs it becomes the certificate's OU and so the MSP role. */
  readonly type: 'peer' | 'orderer' | 'admin';
  /** Subject alternative names: for TLS every name a client dials; for MSP the enrollment ID. */
  readonly hosts: readonly string[];
  /**
   * SHA-256 fingerprint (lower-case hex of the DER) of a certificate the repository commits and a
   * channel pins (a Raft consenter's TLS certificate): the Job never replaces that pair, since a
   * new one would not be the consenter the channel configuration names.
   */
  readonly pinned?: string;
}

/** Every identity to enroll, in a fixed order: admin, then orderers, then peers, each MSP then TLS. */
export function enrolledIdentities(
  org: Organization,
  fileText: (path: string) => string | undefined,
): EnrolledIdentity[] {
  const ca = caResourceName(org);
  const tlsCa = tlsCaName(org);
  const admin = `${org.id}-admin`;
  const identities: EnrolledIdentity[] = [
    { secret: adminMspSecret(org), pair: 'msp', caName: ca, enrollmentId: admin, type: 'admin', hosts: [admin] },
    { secret: adminTlsSecret(org), pair: 'tls', caName: tlsCa, enrollmentId: admin, type: 'admin', hosts: [admin] },
  ];
  for (const orderer of org.orderers) {
    const id = ordererResourceName(org, orderer);
    const pinned = orderer.tlsCert === undefined ? undefined : fingerprintOf(fileText(orderer.tlsCert));
    identities.push(
      {
        secret: ordererMspSecret(org, orderer),
        pair: 'msp',
        caName: ca,
        enrollmentId: id,
        type: 'orderer',
        hosts: [id],
      },
      {
        secret: ordererTlsSecret(org, orderer),
        pair: 'tls',
        caName: tlsCa,
        enrollmentId: id,
        type: 'orderer',
        hosts: ordererTlsHosts(org, orderer),
        ...(pinned === undefined ? {} : { pinned }),
      },
    );
  }
  for (const peer of org.peers) {
    const id = peerResourceName(org, peer);
    identities.push(
      { secret: peerMspSecret(org, peer), pair: 'msp', caName: ca, enrollmentId: id, type: 'peer', hosts: [id] },
      {
        secret: peerTlsSecret(org, peer),
        pair: 'tls',
        caName: tlsCa,
        enrollmentId: id,
        type: 'peer',
        hosts: peerTlsHosts(org, peer),
      },
    );
  }
  return identities;
}

/** Names of the Secrets the enrollment Job writes: exactly what its Role may read and update. */
export function enrolledSecretNames(org: Organization): string[] {
  return enrolledIdentities(org, () => undefined).map((identity) => identity.secret);
}

/**
 * One line per identity for the Job's script: `secret pair caName enrollmentId type hosts pinned`
 * (hosts comma-separated, `-` for no pin). The line is also the annotation the Job writes on the
 * Secret, so the script re-enrolls exactly when what the repository asks for changed.
 */
export function identityLine(identity: EnrolledIdentity): string {
  return [
    identity.secret,
    identity.pair,
    identity.caName,
    identity.enrollmentId,
    identity.type,
    identity.hosts.join(','),
    identity.pinned ?? '-',
  ].join(' ');
}

function fingerprintOf(pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
  } catch {
    // Validation refuses an unreadable tlsCert before render runs; nothing to pin.
    return undefined;
  }
}
