// `consortium status`: the consortium at a glance. Pure: the model comes in, the clock comes in.
import { X509Certificate } from 'node:crypto';
import type { ConsortiumModel, Organization } from '../model/types.ts';

export interface StatusOptions {
  readonly model: ConsortiumModel;
  readonly now: Date;
  /** Certificates that expire within this many days are listed. Default 30. */
  readonly expiryWindowDays?: number;
}

export interface MemberStatus {
  readonly id: string;
  readonly mspId: string;
  readonly displayName: string;
  readonly region: string;
  readonly peers: readonly string[];
  readonly orderers: readonly string[];
  /** Orderers of this member that are Raft consenters. */
  readonly consenters: readonly string[];
}

export interface ChaincodeStatus {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  readonly installedOn: readonly string[];
}

export interface ChannelStatus {
  readonly name: string;
  readonly members: readonly string[];
  readonly chaincodes: readonly ChaincodeStatus[];
}

export interface CertificateStatus {
  readonly org: string;
  /** Repository-relative path of the PEM file. */
  readonly file: string;
  readonly subject: string;
  readonly notAfter: string;
  /** Whole days left (negative once expired). */
  readonly daysLeft: number;
  readonly expired: boolean;
}

export interface StatusReport {
  readonly consortium:
    { readonly name: string; readonly displayName: string; readonly fabricVersion: string } | undefined;
  readonly members: readonly MemberStatus[];
  readonly channels: readonly ChannelStatus[];
  /** Certificates that have expired or expire within the window, soonest first. */
  readonly expiringCertificates: readonly CertificateStatus[];
  readonly expiryWindowDays: number;
  /** Certificate files that could not be read as X.509. */
  readonly unreadableCertificates: readonly string[];
}

const dayMs = 24 * 60 * 60 * 1000;

export function summarizeStatus(options: StatusOptions): StatusReport {
  const { model, now } = options;
  const window = options.expiryWindowDays ?? 30;
  const consenters = model.consortium?.ordering.consenters ?? [];
  const members = model.orgs.map((org): MemberStatus => ({
    id: org.id,
    mspId: org.mspId,
    displayName: org.displayName,
    region: org.region,
    peers: org.peers.map((p) => p.name),
    orderers: org.orderers.map((o) => o.name),
    consenters: consenters.filter((c) => c.org === org.id).map((c) => c.orderer),
  }));
  const channels = model.channels.map((channel): ChannelStatus => ({
    name: channel.name,
    members: [...channel.members],
    chaincodes: channel.chaincodes.map((cc) => ({
      name: cc.name,
      version: cc.version,
      sequence: cc.sequence,
      installedOn: [...cc.installedOn],
    })),
  }));
  const { expiring, unreadable } = findExpiringCertificates(model, now, window);
  const consortium =
    model.consortium === undefined
      ? undefined
      : {
          name: model.consortium.name,
          displayName: model.consortium.displayName,
          fabricVersion: model.consortium.fabric.version,
        };
  return {
    consortium,
    members,
    channels,
    expiringCertificates: expiring,
    expiryWindowDays: window,
    unreadableCertificates: unreadable,
  };
}

function findExpiringCertificates(
  model: ConsortiumModel,
  now: Date,
  windowDays: number,
): { expiring: CertificateStatus[]; unreadable: string[] } {
  const texts = new Map(model.files.map((f) => [f.path, f.text]));
  const expiring: CertificateStatus[] = [];
  const unreadable: string[] = [];
  for (const org of model.orgs) {
    for (const file of certificateFiles(org)) {
      const text = texts.get(file);
      const certs = text === undefined ? undefined : parseCertificates(text);
      if (certs === undefined || certs.length === 0) {
        unreadable.push(file);
        continue;
      }
      for (const cert of certs) {
        const notAfter = new Date(cert.validTo);
        const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / dayMs);
        if (daysLeft > windowDays) continue;
        expiring.push({
          org: org.id,
          file,
          subject: cert.subject.split('\n').join(', '),
          notAfter: notAfter.toISOString(),
          daysLeft,
          expired: notAfter.getTime() <= now.getTime(),
        });
      }
    }
  }
  expiring.sort((a, b) => a.notAfter.localeCompare(b.notAfter) || a.file.localeCompare(b.file));
  return { expiring, unreadable: [...new Set(unreadable)].sort() };
}

function certificateFiles(org: Organization): string[] {
  // Consenter TLS certificates too: an expired one drops its orderer out of Raft.
  const orderers = org.orderers.flatMap((o) => (o.tlsCert === undefined ? [] : [o.tlsCert]));
  return [...new Set([org.msp.caCert, org.msp.tlsCaCert, ...org.msp.adminCerts, ...orderers])];
}

const pemBlock = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

function parseCertificates(text: string): X509Certificate[] | undefined {
  try {
    return (text.match(pemBlock) ?? []).map((pem) => new X509Certificate(pem));
  } catch {
    return undefined;
  }
}
