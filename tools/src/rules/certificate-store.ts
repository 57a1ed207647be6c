// Parses the repository's certificates for the certificate rules. A consortium of a thousand members
// has thousands of PEM files, often sharing content (a CA certificate copied beside each admin, one
// test CA reused across orgs), so each distinct content is parsed once, and each issuer check is
// done once per (certificate, CA) pair. The content itself is the cache key: a Map hashes string
// keys natively, which is cheaper than a cryptographic digest and exact.
import { X509Certificate } from 'node:crypto';
import type { RepoFile } from '../model/types.ts';

export interface ParsedCertificate {
  /** Identifies the distinct PEM content within one store. */
  readonly key: number;
  readonly certificate: X509Certificate;
  readonly subject: string;
  readonly isCa: boolean;
  readonly validFrom: Date;
  readonly validTo: Date;
}

export type CertificateLookup =
  | { readonly kind: 'ok'; readonly parsed: ParsedCertificate }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string };

export interface CertificateStore {
  /** The first certificate of the PEM file at a repository-relative path. */
  lookup(path: string): CertificateLookup;
  /** Whether `child` names `issuer` as its issuer and carries a valid signature by its key. */
  isIssuedBy(child: ParsedCertificate, issuer: ParsedCertificate): boolean;
}

const certificateBlock = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/;

export function createCertificateStore(filesByPath: ReadonlyMap<string, RepoFile>): CertificateStore {
  const byContent = new Map<string, CertificateLookup>();
  const byPath = new Map<string, CertificateLookup>();
  const issued = new Map<string, boolean>();

  function parseText(text: string): CertificateLookup {
    const cached = byContent.get(text);
    if (cached !== undefined) return cached;
    const result = parsePem(text, byContent.size);
    byContent.set(text, result);
    return result;
  }

  return {
    lookup(path) {
      const cached = byPath.get(path);
      if (cached !== undefined) return cached;
      const file = filesByPath.get(path);
      let result: CertificateLookup;
      if (file === undefined) result = { kind: 'missing' };
      else if (file.text === undefined) result = { kind: 'invalid', reason: 'the file is not readable UTF-8 text' };
      else result = parseText(file.text);
      byPath.set(path, result);
      return result;
    },
    isIssuedBy(child, issuer) {
      const key = `${child.key}:${issuer.key}`;
      let result = issued.get(key);
      if (result === undefined) {
        result = checkIssued(child.certificate, issuer.certificate);
        issued.set(key, result);
      }
      return result;
    },
  };
}

function parsePem(text: string, key: number): CertificateLookup {
  const block = certificateBlock.exec(text);
  if (block === null) return { kind: 'invalid', reason: 'it holds no PEM "CERTIFICATE" block' };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(block[0]);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'invalid', reason: `its certificate does not parse as X.509 (${detail})` };
  }
  return {
    kind: 'ok',
    parsed: {
      key,
      certificate,
      subject: certificate.subject.replace(/\n/g, ', '),
      isCa: certificate.ca,
      validFrom: new Date(certificate.validFrom),
      validTo: new Date(certificate.validTo),
    },
  };
}

function checkIssued(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    // A key type node:crypto cannot verify with is not a chain we can vouch for.
    return false;
  }
}
